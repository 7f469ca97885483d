/**
 * The shared secret that signs everything between Moodle and the cloud (webhook, callbacks, status API, dashboard
 * links): the current one, and the previous one while a rotation is under way. Each is given directly
 * (`MANIREPORTS_WEBHOOK_SECRET`, local runs and tests) or by its Secrets Manager ARN (`…_ARN`, set by the CDK app).
 */
import { resolveSecretSetting } from '#adapters/secrets/read-secret.js';
import { ValidationError } from '#domain/errors.js';
import { MIN_SECRET_LENGTH } from '#domain/secret-length.js';

/** The one minimum for every secret and token (shared/domain/secret-length.ts). */
export const MIN_WEBHOOK_SECRET_LENGTH = MIN_SECRET_LENGTH;

const CURRENT = { valueVariable: 'MANIREPORTS_WEBHOOK_SECRET', arnVariable: 'MANIREPORTS_WEBHOOK_SECRET_ARN' };
const PREVIOUS = {
  valueVariable: 'MANIREPORTS_WEBHOOK_SECRET_PREVIOUS',
  arnVariable: 'MANIREPORTS_WEBHOOK_SECRET_PREVIOUS_ARN',
};

/**
 * The secrets to accept, current first. The previous one is optional (unset or empty outside a rotation).
 * @throws ValidationError naming the variable that is missing or too short (its value never shown).
 */
export async function loadWebhookSecrets(env: Record<string, string | undefined>): Promise<string[]> {
  const current = checkLength(CURRENT.valueVariable, await resolveSecretSetting(env, CURRENT));
  if (!env[PREVIOUS.valueVariable] && !env[PREVIOUS.arnVariable]) return [current];
  return [current, checkLength(PREVIOUS.valueVariable, await resolveSecretSetting(env, PREVIOUS))];
}

function checkLength(variable: string, secret: string): string {
  if (secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
    throw new ValidationError(
      variable,
      '(hidden)',
      `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`,
    );
  }
  return secret;
}
