/** The planner's configuration and adapters, built once per cold start. */
import { z } from 'zod';
import { createDynamoClient } from '#adapters/dynamodb/dynamo-client.js';
import { makeDynamoScheduleSnapshotStore } from '#adapters/dynamodb/webhook-schedule-snapshot-store.js';
import { openMoodleBridge } from '#adapters/moodle/open-moodle-bridge.js';
import { moodleUrlFromRdsSecret } from '#adapters/moodle/rds-secret-url.js';
import { logger } from '#adapters/observability/powertools.js';
import { makeStores, makeWorkQueue } from '#adapters/pipeline-adapters.js';
import { resolveSecretSetting } from '#adapters/secrets/read-secret.js';
import { makeCallbackOutbox } from '#adapters/sqs/sqs-callback-outbox.js';
import { parseEnvironment, wholeNumber } from '#config/parse-environment.js';
import {
  readCallbackQueueEnvironment,
  readQueueEnvironment,
  readSnapshotsEnvironment,
  readStoreEnvironment,
} from '#config/pipeline-environment.js';
import { readPlannerSettings } from '#config/planner-settings.js';
import { makeJobCallbacks } from '#use-cases/job-callbacks.js';

const PLANNER_FUNCTION_ENVIRONMENT = {
  MANIREPORTS_TABLE_PREFIX: z.string().min(1).default('mdl_'),
  MANIREPORTS_FANOUT_PAGE_SIZE: wholeNumber(1).default(1000),
  MANIREPORTS_FANOUT_LEASE_SECONDS: wholeNumber(30).default(120),
  /** Above the workers' claim timeout, so a recount never races a worker that is merely slow. */
  MANIREPORTS_RECONCILE_AFTER_SECONDS: wholeNumber(60).default(1800),
};

/**
 * The Moodle database: `MANIREPORTS_MOODLE_DB_URL` (postgres://, mysql:// or a PGlite directory) locally, or in AWS
 * the secret named by `MANIREPORTS_MOODLE_DB_SECRET_ARN` (a URL, or RDS's JSON). No message ever shows the password.
 */
async function resolveMoodleDbUrl(env: Record<string, string | undefined>): Promise<string> {
  const variables = { valueVariable: 'MANIREPORTS_MOODLE_DB_URL', arnVariable: 'MANIREPORTS_MOODLE_DB_SECRET_ARN' };
  const setting = await resolveSecretSetting(env, variables);
  // A secret may hold the URL itself, or the JSON that RDS keeps for a managed database secret.
  return setting.trimStart().startsWith('{') ? moodleUrlFromRdsSecret(setting) : setting;
}

export async function loadPlannerDependencies(env: Record<string, string | undefined> = process.env) {
  const own = parseEnvironment(PLANNER_FUNCTION_ENVIRONMENT, env);
  const settings = readPlannerSettings(env);
  const storeEnvironment = readStoreEnvironment(env);
  const stores = makeStores(storeEnvironment);
  const client = createDynamoClient({
    region: storeEnvironment.AWS_REGION,
    ...(storeEnvironment.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: storeEnvironment.AWS_ENDPOINT_URL_DYNAMODB } : {}),
  });
  const { MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE } = readSnapshotsEnvironment(env);
  const outbox = makeCallbackOutbox(readCallbackQueueEnvironment(env));
  const bridge = await openMoodleBridge(await resolveMoodleDbUrl(env), {
    prefix: own.MANIREPORTS_TABLE_PREFIX,
    roleArchetypes: settings.roleArchetypes,
  });
  return {
    bridge,
    jobs: stores.jobs,
    ledger: stores.ledger,
    runState: stores.runState,
    snapshots: makeDynamoScheduleSnapshotStore({ client, tableName: MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE }),
    callbacks: makeJobCallbacks({
      outbox,
      jobs: stores.jobs,
      runState: stores.runState,
      clock: () => Math.floor(Date.now() / 1000),
      onLost: (callbackId, error) => logger.error('callback not enqueued', { callbackId, error }),
    }),
    queue: makeWorkQueue(readQueueEnvironment(env)),
    settings: {
      ...settings,
      pageSize: own.MANIREPORTS_FANOUT_PAGE_SIZE,
      leaseSeconds: own.MANIREPORTS_FANOUT_LEASE_SECONDS,
      reconcileAfterSeconds: own.MANIREPORTS_RECONCILE_AFTER_SECONDS,
    },
  };
}
