/**
 * Where the Moodle database is, for the functions that read it (planner, status API): `MANIREPORTS_MOODLE_DB_URL`
 * (postgres://, mysql:// or a PGlite directory) locally, or in AWS the secret named by
 * `MANIREPORTS_MOODLE_DB_SECRET_ARN` (a URL, or the JSON RDS keeps for a managed database secret). No message ever
 * shows the password.
 */
import { moodleUrlFromRdsSecret } from '#adapters/moodle/rds-secret-url.js';
import { resolveSecretSetting } from '#adapters/secrets/read-secret.js';

export async function resolveMoodleDbUrl(env: Record<string, string | undefined>): Promise<string> {
  const variables = { valueVariable: 'MANIREPORTS_MOODLE_DB_URL', arnVariable: 'MANIREPORTS_MOODLE_DB_SECRET_ARN' };
  const setting = await resolveSecretSetting(env, variables);
  return setting.trimStart().startsWith('{') ? moodleUrlFromRdsSecret(setting) : setting;
}
