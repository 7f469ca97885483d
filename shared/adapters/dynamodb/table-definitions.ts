/**
 * The three tables as data, so the local run (`createTables`) and the CDK stack build the same keys and index.
 * The shapes follow CDK's `TableV2` props: `type` is the DynamoDB attribute type letter, which is also the value of
 * CDK's `AttributeType` enum, and `timeToLiveAttribute` is the prop of the same name.
 */

/** A key attribute: `S` string, `N` number. */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

/** A global secondary index projecting every attribute. */
export interface GlobalIndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
}

/** One table's keys, indexes and TTL attribute; billing is always on demand. */
export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalSecondaryIndexes?: readonly GlobalIndexDefinition[];
  /** The epoch-seconds attribute DynamoDB expires items by; set in CDK only (dynalite has no TTL API). */
  timeToLiveAttribute?: string;
}

/** The physical table names, from config in AWS and made up locally. */
export interface DynamoTableNames {
  jobs: string;
  recipients: string;
  scheduleRuns: string;
}

/** The jobs index that lists a schedule's jobs newest last. */
export const JOBS_BY_SCHEDULE_INDEX = 'bySchedule';

/** Cloud jobs, one per (schedule, run slot). */
export const JOBS_TABLE: TableDefinition = {
  partitionKey: { name: 'jobId', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: JOBS_BY_SCHEDULE_INDEX,
      partitionKey: { name: 'scheduleId', type: 'N' },
      sortKey: { name: 'createdAt', type: 'N' },
    },
  ],
};

/** One row per (job, recipient): the claim ledger. Rows expire after the configured retention. */
export const JOB_RECIPIENTS_TABLE: TableDefinition = {
  partitionKey: { name: 'jobId', type: 'S' },
  sortKey: { name: 'userId', type: 'N' },
  timeToLiveAttribute: 'expiresAt',
};

/** The planner's run state, one row per schedule. */
export const SCHEDULE_RUNS_TABLE: TableDefinition = {
  partitionKey: { name: 'scheduleId', type: 'N' },
};

/** Each table's definition under its key in {@link DynamoTableNames}. */
export const TABLE_DEFINITIONS: Readonly<Record<keyof DynamoTableNames, TableDefinition>> = {
  jobs: JOBS_TABLE,
  recipients: JOB_RECIPIENTS_TABLE,
  scheduleRuns: SCHEDULE_RUNS_TABLE,
};
