/**
 * Every table as data, so the local run (`createTables`) and the CDK stack build the same keys and index.
 * The shapes follow CDK's `TableV2` props: `type` is the DynamoDB attribute type letter, which is also the value of
 * CDK's `AttributeType` enum, and `timeToLiveAttribute` is the prop of the same name.
 */

/** A key attribute: `S` string, `N` number. */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

/** A global secondary index. */
export interface GlobalIndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /**
   * `KEYS_ONLY` keeps an index off the write path of attributes that change often (a job's counters): DynamoDB
   * writes to an index only when a projected attribute changes.
   * @default 'ALL'
   */
  projection?: 'ALL' | 'KEYS_ONLY';
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
  webhookEvents: string;
  scheduleSnapshots: string;
  certificates: string;
}

/** The name part of each table: `<prefix><base><suffix>` makes the physical name (see {@link tableNamesWith}). */
const TABLE_BASE_NAMES: Readonly<Record<keyof DynamoTableNames, string>> = {
  jobs: 'jobs',
  recipients: 'job-recipients',
  scheduleRuns: 'schedule-runs',
  webhookEvents: 'webhook-events',
  scheduleSnapshots: 'schedule-snapshots',
  certificates: 'certificates',
};

/** Physical names for every table, e.g. `tableNamesWith('manireports-')` or `tableNamesWith('', '-a1b2c3')`. */
export function tableNamesWith(prefix: string, suffix = ''): DynamoTableNames {
  const entries = Object.entries(TABLE_BASE_NAMES).map(([key, base]) => [key, `${prefix}${base}${suffix}`]);
  return Object.fromEntries(entries) as unknown as DynamoTableNames;
}

/** The jobs index that lists a schedule's jobs by `createdAt`. */
export const JOBS_BY_SCHEDULE_INDEX = 'bySchedule';

/** The jobs index that lists every job by `createdAt` (the status API's `GET /jobs`). */
export const JOBS_BY_CREATED_AT_INDEX = 'byCreatedAt';

/**
 * The partition attribute of {@link JOBS_BY_CREATED_AT_INDEX} and its one value, written when a job is claimed:
 * one partition holds every job in `createdAt` order. Jobs are created a few per minute at most, far below what one
 * index partition takes.
 */
export const JOB_LISTING_ATTRIBUTE = 'listing';
export const JOB_LISTING_VALUE = 'jobs';

/**
 * Cloud jobs, one per (schedule, run slot). Both indexes are `KEYS_ONLY`: a job's counters change with every
 * recipient, and an index projecting them would be written as often; listings read the page's jobs by key instead.
 */
export const JOBS_TABLE: TableDefinition = {
  partitionKey: { name: 'jobId', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: JOBS_BY_SCHEDULE_INDEX,
      partitionKey: { name: 'scheduleId', type: 'N' },
      sortKey: { name: 'createdAt', type: 'N' },
      projection: 'KEYS_ONLY',
    },
    {
      indexName: JOBS_BY_CREATED_AT_INDEX,
      partitionKey: { name: JOB_LISTING_ATTRIBUTE, type: 'S' },
      sortKey: { name: 'createdAt', type: 'N' },
      projection: 'KEYS_ONLY',
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

/** Accepted webhook events, one per Moodle event id; entries expire after the retention period. */
export const WEBHOOK_EVENTS_TABLE: TableDefinition = {
  partitionKey: { name: 'eventId', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
};

/** The sort key value of a schedule's snapshot item; run requests sort under {@link RUN_REQUEST_PREFIX}. */
export const SNAPSHOT_ENTRY = 'snapshot';
export const RUN_REQUEST_PREFIX = 'run-request#';

/**
 * Per schedule: its latest snapshot (`entry = snapshot`, never expires) and its run-now requests
 * (`entry = run-request#<eventId>`, expire once stale), so the planner reads both with one Query.
 */
export const SCHEDULE_SNAPSHOTS_TABLE: TableDefinition = {
  partitionKey: { name: 'scheduleId', type: 'N' },
  sortKey: { name: 'entry', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
};

/**
 * Issued certificates by verification code: what `GET /verify/{code}` answers from. Never expires (a certificate
 * stays verifiable after the job's recipient rows are gone).
 */
export const CERTIFICATES_TABLE: TableDefinition = {
  partitionKey: { name: 'verificationCode', type: 'S' },
};

/** Each table's definition under its key in {@link DynamoTableNames}. */
export const TABLE_DEFINITIONS: Readonly<Record<keyof DynamoTableNames, TableDefinition>> = {
  jobs: JOBS_TABLE,
  recipients: JOB_RECIPIENTS_TABLE,
  scheduleRuns: SCHEDULE_RUNS_TABLE,
  webhookEvents: WEBHOOK_EVENTS_TABLE,
  scheduleSnapshots: SCHEDULE_SNAPSHOTS_TABLE,
  certificates: CERTIFICATES_TABLE,
};
