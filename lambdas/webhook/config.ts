/**
 * The webhook's configuration and adapters, built once per cold start. The secrets: see
 * shared/config/webhook-secrets.ts.
 */
import { z } from 'zod';
import { makeDynamoWebhookEventLedger } from '#adapters/dynamodb/webhook-event-ledger.js';
import { makeDynamoScheduleSnapshotStore } from '#adapters/dynamodb/webhook-schedule-snapshot-store.js';
import { makeLambdaPlannerTrigger } from '#adapters/lambda/lambda-planner-trigger.js';
import { logger } from '#adapters/observability/powertools.js';
import { makeJobCallbacksFromEnvironment, makeStores } from '#adapters/pipeline-adapters.js';
import { parseEnvironment, wholeNumber } from '#config/parse-environment.js';
import { readStoreEnvironment } from '#config/pipeline-environment.js';
import { loadWebhookSecrets } from '#config/webhook-secrets.js';
import { NULL_PLANNER_TRIGGER } from '#domain/planner-trigger.js';

const SECONDS_PER_DAY = 86_400;

const WEBHOOK_ENVIRONMENT = {
  MANIREPORTS_WEBHOOK_EVENTS_TABLE: z.string().min(1),
  MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE: z.string().min(1),
  /** How long an event id is remembered; Moodle must not redeliver an event older than this. */
  MANIREPORTS_WEBHOOK_RETENTION_DAYS: wholeNumber(1).default(30),
  /** The planner, invoked asynchronously on `run_now`; unset: the request waits for the next minute's tick. */
  MANIREPORTS_PLANNER_FUNCTION_NAME: z.string().min(1).optional(),
};

export async function loadWebhookDependencies(env: Record<string, string | undefined> = process.env) {
  const own = parseEnvironment(WEBHOOK_ENVIRONMENT, env);
  const secrets = await loadWebhookSecrets(env);
  const storeEnvironment = readStoreEnvironment(env);
  const stores = makeStores(storeEnvironment);
  const { client } = stores;
  const clock = () => Math.floor(Date.now() / 1000);
  return {
    secrets,
    trigger: own.MANIREPORTS_PLANNER_FUNCTION_NAME
      ? makeLambdaPlannerTrigger({
          functionName: own.MANIREPORTS_PLANNER_FUNCTION_NAME,
          region: storeEnvironment.AWS_REGION,
        })
      : NULL_PLANNER_TRIGGER,
    onTriggerFailed: (scheduleId: number, error: unknown) =>
      logger.warn('planner trigger failed; the next tick starts the run', { scheduleId, error }),
    // A cancelled job is final: Moodle hears of it like of any other finished job.
    callbacks: makeJobCallbacksFromEnvironment(env, stores, clock),
    events: makeDynamoWebhookEventLedger({ client, tableName: own.MANIREPORTS_WEBHOOK_EVENTS_TABLE }),
    snapshots: makeDynamoScheduleSnapshotStore({ client, tableName: own.MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE }),
    jobs: stores.jobs,
    runState: stores.runState,
    retentionSeconds: own.MANIREPORTS_WEBHOOK_RETENTION_DAYS * SECONDS_PER_DAY,
  };
}
