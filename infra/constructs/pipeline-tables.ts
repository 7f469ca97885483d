/**
 * The pipeline's DynamoDB tables, built from the same definitions the local run uses
 * (shared/adapters/dynamodb/table-definitions.ts): on demand, point-in-time recovery, encrypted, kept on delete.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import {
  type DynamoTableNames,
  type KeyAttribute,
  TABLE_DEFINITIONS,
  type TableDefinition,
} from '#adapters/dynamodb/table-definitions.js';

export interface PipelineTablesProps {
  /** @default RemovalPolicy.RETAIN: job history and the claim ledger outlive the stack. */
  removalPolicy?: RemovalPolicy;
}

/** The construct id of each table (kept stable: a changed id would replace the table). */
const CONSTRUCT_IDS: Readonly<Record<keyof DynamoTableNames, string>> = {
  jobs: 'Jobs',
  recipients: 'Recipients',
  scheduleRuns: 'ScheduleRuns',
  webhookEvents: 'WebhookEvents',
  scheduleSnapshots: 'ScheduleSnapshots',
  certificates: 'Certificates',
};

/** Every table in {@link TABLE_DEFINITIONS}, under the same keys. */
export class PipelineTables extends Construct {
  readonly jobs: TableV2;
  readonly recipients: TableV2;
  readonly scheduleRuns: TableV2;
  readonly webhookEvents: TableV2;
  readonly scheduleSnapshots: TableV2;
  readonly certificates: TableV2;

  constructor(scope: Construct, id: string, props: PipelineTablesProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const build = (key: keyof DynamoTableNames) =>
      buildTable(this, CONSTRUCT_IDS[key], TABLE_DEFINITIONS[key], removalPolicy);
    this.jobs = build('jobs');
    this.recipients = build('recipients');
    this.scheduleRuns = build('scheduleRuns');
    this.webhookEvents = build('webhookEvents');
    this.scheduleSnapshots = build('scheduleSnapshots');
    this.certificates = build('certificates');
  }
}

function buildTable(scope: Construct, id: string, definition: TableDefinition, removalPolicy: RemovalPolicy) {
  return new TableV2(scope, id, {
    partitionKey: toAttribute(definition.partitionKey),
    ...(definition.sortKey ? { sortKey: toAttribute(definition.sortKey) } : {}),
    globalSecondaryIndexes: (definition.globalSecondaryIndexes ?? []).map((index) => ({
      indexName: index.indexName,
      partitionKey: toAttribute(index.partitionKey),
      ...(index.sortKey ? { sortKey: toAttribute(index.sortKey) } : {}),
      projectionType: index.projection === 'KEYS_ONLY' ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
    })),
    ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryptionV2.awsManagedKey(),
    deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
    removalPolicy,
  });
}

function toAttribute(attribute: KeyAttribute): Attribute {
  return { name: attribute.name, type: attribute.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}
