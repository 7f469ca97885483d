/** The planner's configuration and adapters, built once per cold start. */
import { z } from 'zod';
import { makeDynamoScheduleSnapshotStore } from '#adapters/dynamodb/webhook-schedule-snapshot-store.js';
import { openMoodleBridge } from '#adapters/moodle/open-moodle-bridge.js';
import { makeJobCallbacksFromEnvironment, makeStores, makeWorkQueue } from '#adapters/pipeline-adapters.js';
import { resolveMoodleDbUrl } from '#config/moodle-db-url.js';
import { parseEnvironment, wholeNumber } from '#config/parse-environment.js';
import { readQueueEnvironment, readSnapshotsEnvironment, readStoreEnvironment } from '#config/pipeline-environment.js';
import { readPlannerSettings } from '#config/planner-settings.js';

const PLANNER_FUNCTION_ENVIRONMENT = {
  MANIREPORTS_TABLE_PREFIX: z.string().min(1).default('mdl_'),
  MANIREPORTS_FANOUT_PAGE_SIZE: wholeNumber(1).default(1000),
  MANIREPORTS_FANOUT_LEASE_SECONDS: wholeNumber(30).default(120),
  /** Above the workers' claim timeout, so a recount never races a worker that is merely slow. */
  MANIREPORTS_RECONCILE_AFTER_SECONDS: wholeNumber(60).default(1800),
  /**
   * Queue retention + visibility timeout (infra/config/timings.ts sets it): a running job past its work deadline
   * ends with its never-claimed recipients `unsent`. The default is the AWS queues' (4 days + 720 s).
   */
  MANIREPORTS_WORK_MESSAGE_LIFETIME_SECONDS: wholeNumber(60).default(4 * 86_400 + 720),
};

export async function loadPlannerDependencies(env: Record<string, string | undefined> = process.env) {
  const own = parseEnvironment(PLANNER_FUNCTION_ENVIRONMENT, env);
  const settings = readPlannerSettings(env);
  const stores = makeStores(readStoreEnvironment(env));
  const { client } = stores;
  const { MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE } = readSnapshotsEnvironment(env);
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
    callbacks: makeJobCallbacksFromEnvironment(env, stores, () => Math.floor(Date.now() / 1000)),
    queue: makeWorkQueue(readQueueEnvironment(env)),
    settings: {
      ...settings,
      pageSize: own.MANIREPORTS_FANOUT_PAGE_SIZE,
      leaseSeconds: own.MANIREPORTS_FANOUT_LEASE_SECONDS,
      reconcileAfterSeconds: own.MANIREPORTS_RECONCILE_AFTER_SECONDS,
      workMessageLifetimeSeconds: own.MANIREPORTS_WORK_MESSAGE_LIFETIME_SECONDS,
    },
  };
}
