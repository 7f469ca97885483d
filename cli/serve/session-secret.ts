/**
 * The webhook secret a local server checks signatures with. `serve` requires MANIREPORTS_WEBHOOK_SECRET (Moodle
 * must be configured with the same one); `npm start` (`run --serve`) makes up one for the session when none is set,
 * so the demo starts with no setup, and prints it.
 */
import { randomBytes } from 'node:crypto';
import { loadStatusApiToken } from '#config/status-api-token.js';
import { loadWebhookSecrets } from '#config/webhook-secrets.js';
import { ValidationError } from '#domain/errors.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../usage-error.js';

export const WEBHOOK_SECRET_VARIABLE = 'MANIREPORTS_WEBHOOK_SECRET';

/**
 * The secrets from the environment (current first). The optional status API token is checked too, by the same
 * rule as in AWS, so the server never starts with a token the Lambda would refuse.
 * @throws UsageError naming the variable when it is missing or too short.
 */
export async function requireWebhookSecrets(env: CliIo['env']): Promise<string[]> {
  await requireStatusApiToken(env);
  try {
    return await loadWebhookSecrets(env);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new UsageError(`${error.message}; serve checks webhook signatures with it`, { cause: error });
    }
    throw error;
  }
}

/** @throws UsageError when MANIREPORTS_STATUS_API_TOKEN is set but shorter than the minimum. */
async function requireStatusApiToken(env: CliIo['env']): Promise<void> {
  try {
    await loadStatusApiToken(env);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new UsageError(`${error.message}; the status API takes it as a bearer token`, { cause: error });
    }
    throw error;
  }
}

/** The secrets from the environment, or, when none is set, a random one for this session (printed on stdout). */
export async function sessionWebhookSecrets(io: CliIo): Promise<string[]> {
  await requireStatusApiToken(io.env);
  if (io.env[WEBHOOK_SECRET_VARIABLE] || io.env[`${WEBHOOK_SECRET_VARIABLE}_ARN`]) {
    return requireWebhookSecrets(io.env);
  }
  const secret = randomBytes(32).toString('hex');
  io.out(`${WEBHOOK_SECRET_VARIABLE} was not set; this session's webhook secret is ${secret}`);
  return [secret];
}
