/**
 * Starts dynalite in this process on loopback with a port the OS picks, with the project's tables created. It
 * speaks the real DynamoDB JSON protocol, so the SDK clients and the conditional writes run end to end; it keeps
 * data in memory and creates tables ACTIVE at once (`createTableMs: 0`).
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables } from '#adapters/dynamodb/create-tables.js';
import { createDynamoClient } from '#adapters/dynamodb/dynamo-client.js';
import { type DynamoTableNames, tableNamesWith } from '#adapters/dynamodb/table-definitions.js';

// dynalite is CommonJS without type declarations; this is the part of its API used here.
type StartDynalite = (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;
const startDynalite = createRequire(import.meta.url)('dynalite') as StartDynalite;

export interface LocalDynamoDb {
  endpoint: string;
  /** A client on the local server (dummy credentials: dynalite checks none, but the SDK will not sign without). */
  client: DynamoDBClient;
  /** Table names unique to this start, already created. */
  tables: DynamoTableNames;
  stop(): Promise<void>;
}

/** Starts a fresh in-memory dynalite and creates the project's tables on it. */
export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
  const server = startDynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createDynamoClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const suffix = randomBytes(3).toString('hex');
  const tables: DynamoTableNames = tableNamesWith('', `-${suffix}`);
  await createTables(client, tables);
  return {
    endpoint,
    client,
    tables,
    async stop() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error?: Error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/**
 * The environment a function reads to reach `local`: region, dummy credentials, the endpoint, the three store
 * tables, and quiet Powertools. A handler test adds its own variables to it.
 */
export function functionEnvironmentOn(local: LocalDynamoDb): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: local.endpoint,
    MANIREPORTS_JOBS_TABLE: local.tables.jobs,
    MANIREPORTS_RECIPIENTS_TABLE: local.tables.recipients,
    MANIREPORTS_SCHEDULE_RUNS_TABLE: local.tables.scheduleRuns,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}
