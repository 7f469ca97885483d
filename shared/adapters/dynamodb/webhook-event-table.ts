/**
 * The webhook's two tables as data, in the shape of table-definitions.ts (to be merged into TABLE_DEFINITIONS and
 * the CDK stack), and their creation on a local server.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, ResourceInUseException, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { toCreateTableInput } from './create-tables.js';
import { DynamoStoreError } from './dynamo-errors.js';
import type { TableDefinition } from './table-definitions.js';

/** The physical names of the webhook tables. */
export interface WebhookTableNames {
  webhookEvents: string;
  scheduleSnapshots: string;
}

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

export const WEBHOOK_TABLE_DEFINITIONS: Readonly<Record<keyof WebhookTableNames, TableDefinition>> = {
  webhookEvents: WEBHOOK_EVENTS_TABLE,
  scheduleSnapshots: SCHEDULE_SNAPSHOTS_TABLE,
};

/** Creates the webhook tables on a local server (dynalite); an existing table is kept. In AWS, CDK owns them. */
export async function createWebhookTables(client: DynamoDBClient, names: WebhookTableNames): Promise<void> {
  for (const key of Object.keys(WEBHOOK_TABLE_DEFINITIONS) as (keyof WebhookTableNames)[]) {
    const tableName = names[key];
    try {
      await client.send(new CreateTableCommand(toCreateTableInput(tableName, WEBHOOK_TABLE_DEFINITIONS[key])));
    } catch (error) {
      if (!(error instanceof ResourceInUseException))
        throw new DynamoStoreError('CreateTable', tableName, { cause: error });
    }
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  }
}
