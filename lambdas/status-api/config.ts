/**
 * The status API's configuration and adapters, built once per cold start: the job stores, the Moodle bridge (for
 * `GET /schedules`, opened as the planner opens it), the webhook secrets and the optional bearer token
 * (`MANIREPORTS_STATUS_API_TOKEN`, or `MANIREPORTS_STATUS_API_TOKEN_ARN` in AWS; unset: signed requests only).
 */
import { z } from 'zod';
import { openMoodleBridge } from '#adapters/moodle/open-moodle-bridge.js';
import { makeStores } from '#adapters/pipeline-adapters.js';
import { resolveMoodleDbUrl } from '#config/moodle-db-url.js';
import { parseEnvironment } from '#config/parse-environment.js';
import { readStoreEnvironment } from '#config/pipeline-environment.js';
import { readPlannerSettings } from '#config/planner-settings.js';
import { loadStatusApiToken } from '#config/status-api-token.js';
import { loadWebhookSecrets } from '#config/webhook-secrets.js';

const STATUS_API_ENVIRONMENT = {
  MANIREPORTS_TABLE_PREFIX: z.string().min(1).default('mdl_'),
};

export { loadStatusApiToken };

export async function loadStatusApiDependencies(env: Record<string, string | undefined> = process.env) {
  const own = parseEnvironment(STATUS_API_ENVIRONMENT, env);
  const settings = readPlannerSettings(env);
  const stores = makeStores(readStoreEnvironment(env));
  const secrets = await loadWebhookSecrets(env);
  const token = await loadStatusApiToken(env);
  const bridge = await openMoodleBridge(await resolveMoodleDbUrl(env), {
    prefix: own.MANIREPORTS_TABLE_PREFIX,
    roleArchetypes: settings.roleArchetypes,
  });
  return {
    jobs: stores.jobs,
    ledger: stores.ledger,
    runState: stores.runState,
    bridge,
    settings: { serverTimeZone: settings.serverTimeZone },
    keys: { secrets, ...(token === undefined ? {} : { token }) },
  };
}
