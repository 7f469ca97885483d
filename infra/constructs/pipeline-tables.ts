/**
 * The pipeline's three DynamoDB tables, built from the same definitions the local run uses
 * (shared/adapters/dynamodb/table-definitions.ts): on demand, point-in-time recovery, encrypted, kept on delete.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { type Attribute, AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
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

/** The jobs, job recipients and schedule runs tables. */
export class PipelineTables extends Construct {
  readonly jobs: TableV2;
  readonly recipients: TableV2;
  readonly scheduleRuns: TableV2;

  constructor(scope: Construct, id: string, props: PipelineTablesProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const build = (key: keyof DynamoTableNames, constructId: string) =>
      buildTable(this, constructId, TABLE_DEFINITIONS[key], removalPolicy);
    this.jobs = build('jobs', 'Jobs');
    this.recipients = build('recipients', 'Recipients');
    this.scheduleRuns = build('scheduleRuns', 'ScheduleRuns');
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
