/**
 * The status API's optional bearer token: `MANIREPORTS_STATUS_API_TOKEN`, or `MANIREPORTS_STATUS_API_TOKEN_ARN` of a
 * Secrets Manager secret (set by the CDK app). Unset: the status API accepts signed requests only. A short token is
 * refused, in the Lambda and on the local server alike.
 */
import { resolveSecretSetting } from '#adapters/secrets/read-secret.js';
import { ValidationError } from '#domain/errors.js';
import { MIN_SECRET_LENGTH } from '#domain/secret-length.js';

const TOKEN = { valueVariable: 'MANIREPORTS_STATUS_API_TOKEN', arnVariable: 'MANIREPORTS_STATUS_API_TOKEN_ARN' };

/**
 * The bearer token, when one is configured.
 * @throws ValidationError naming `MANIREPORTS_STATUS_API_TOKEN` when it is shorter than {@link MIN_SECRET_LENGTH}
 *   (its value never shown).
 */
export async function loadStatusApiToken(env: Record<string, string | undefined>): Promise<string | undefined> {
  if (!env[TOKEN.valueVariable] && !env[TOKEN.arnVariable]) return undefined;
  const token = await resolveSecretSetting(env, TOKEN);
  if (token.length < MIN_SECRET_LENGTH) {
    throw new ValidationError(
      TOKEN.valueVariable,
      '(hidden)',
      `must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`,
    );
  }
  return token;
}
