/**
 * The webhook's configuration and adapters, built once per cold start. The secrets: see
 * shared/config/webhook-secrets.ts.
 */
import { z } from 'zod';
import { createDynamoClient } from '#adapters/dynamodb/dynamo-client.js';
import { makeDynamoWebhookEventLedger } from '#adapters/dynamodb/webhook-event-ledger.js';
import { makeDynamoScheduleSnapshotStore } from '#adapters/dynamodb/webhook-schedule-snapshot-store.js';
import { makeStores } from '#adapters/pipeline-adapters.js';
import { parseEnvironment, wholeNumber } from '#config/parse-environment.js';
import { readStoreEnvironment } from '#config/pipeline-environment.js';
import { loadWebhookSecrets } from '#config/webhook-secrets.js';

const SECONDS_PER_DAY = 86_400;

const WEBHOOK_ENVIRONMENT = {
  MANIREPORTS_WEBHOOK_EVENTS_TABLE: z.string().min(1),
  MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE: z.string().min(1),
  /** How long an event id is remembered; Moodle must not redeliver an event older than this. */
  MANIREPORTS_WEBHOOK_RETENTION_DAYS: wholeNumber(1).default(30),
};

export async function loadWebhookDependencies(env: Record<string, string | undefined> = process.env) {
  const own = parseEnvironment(WEBHOOK_ENVIRONMENT, env);
  const secrets = await loadWebhookSecrets(env);
  const storeEnvironment = readStoreEnvironment(env);
  const stores = makeStores(storeEnvironment);
  const client = createDynamoClient({
    region: storeEnvironment.AWS_REGION,
    ...(storeEnvironment.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: storeEnvironment.AWS_ENDPOINT_URL_DYNAMODB } : {}),
  });
  return {
    secrets,
    events: makeDynamoWebhookEventLedger({ client, tableName: own.MANIREPORTS_WEBHOOK_EVENTS_TABLE }),
    snapshots: makeDynamoScheduleSnapshotStore({ client, tableName: own.MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE }),
    jobs: stores.jobs,
    runState: stores.runState,
    retentionSeconds: own.MANIREPORTS_WEBHOOK_RETENTION_DAYS * SECONDS_PER_DAY,
  };
}
