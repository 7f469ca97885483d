/** The planner's configuration and adapters, built once per cold start. */
import { z } from 'zod';
import { openMoodleBridge } from '#adapters/moodle/open-moodle-bridge.js';
import { makeStores, makeWorkQueue } from '#adapters/pipeline-adapters.js';
import { parseEnvironment, wholeNumber } from '#config/parse-environment.js';
import { readQueueEnvironment, readStoreEnvironment } from '#config/pipeline-environment.js';
import { readPlannerSettings } from '#config/planner-settings.js';

const PLANNER_ENVIRONMENT = {
  /** postgres://, mysql:// or a PGlite directory; the password never appears in any message. */
  MANIREPORTS_MOODLE_DB_URL: z.string().min(1),
  MANIREPORTS_TABLE_PREFIX: z.string().min(1).default('mdl_'),
  MANIREPORTS_FANOUT_PAGE_SIZE: wholeNumber(1).default(1000),
  MANIREPORTS_FANOUT_LEASE_SECONDS: wholeNumber(30).default(120),
  /** Above the workers' claim timeout, so a recount never races a worker that is merely slow. */
  MANIREPORTS_RECONCILE_AFTER_SECONDS: wholeNumber(60).default(1800),
};

export async function loadPlannerDependencies(env: Record<string, string | undefined> = process.env) {
  const own = parseEnvironment(PLANNER_ENVIRONMENT, env);
  const settings = readPlannerSettings(env);
  const stores = makeStores(readStoreEnvironment(env));
  const bridge = await openMoodleBridge(own.MANIREPORTS_MOODLE_DB_URL, {
    prefix: own.MANIREPORTS_TABLE_PREFIX,
    roleArchetypes: settings.roleArchetypes,
  });
  return {
    bridge,
    jobs: stores.jobs,
    ledger: stores.ledger,
    runState: stores.runState,
    queue: makeWorkQueue(readQueueEnvironment(env)),
    settings: {
      ...settings,
      pageSize: own.MANIREPORTS_FANOUT_PAGE_SIZE,
      leaseSeconds: own.MANIREPORTS_FANOUT_LEASE_SECONDS,
      reconcileAfterSeconds: own.MANIREPORTS_RECONCILE_AFTER_SECONDS,
    },
  };
}
