/**
 * The callback sender's configuration and adapters, built once per cold start. Signs with the current webhook
 * secret (shared/config/webhook-secrets.ts).
 */
import { z } from 'zod';
import { makeFetchCallbackPoster } from '#adapters/callbacks/fetch-callback-poster.js';
import { makeSqsRedeliveryDelay } from '#adapters/sqs/sqs-callback-outbox.js';
import { createSqsClient } from '#adapters/sqs/sqs-client.js';
import { httpUrl, parseEnvironment, wholeNumber } from '#config/parse-environment.js';
import { loadWebhookSecrets } from '#config/webhook-secrets.js';
import type { DeliverCallbackDeps } from '#use-cases/deliver-callback.js';

const MOODLE_CALLBACK_ENVIRONMENT = {
  AWS_REGION: z.string().min(1),
  /** Where Moodle takes callbacks, e.g. `https://moodle.example.org/local/manireports/cloud/callback.php`. */
  MANIREPORTS_MOODLE_CALLBACK_URL: httpUrl,
  /** The queue this function reads, for moving a failed message's next delivery out (ChangeMessageVisibility). */
  MANIREPORTS_CALLBACK_QUEUE_URL: httpUrl,
  MANIREPORTS_CALLBACK_TIMEOUT_SECONDS: wholeNumber(1).default(10),
  /** The first retry waits up to this long; each further one up to twice as long, capped by the next setting. */
  MANIREPORTS_CALLBACK_BACKOFF_BASE_SECONDS: wholeNumber(1).default(30),
  MANIREPORTS_CALLBACK_BACKOFF_MAX_SECONDS: wholeNumber(1).default(3600),
  AWS_ENDPOINT_URL_SQS: httpUrl.optional(),
};

export async function loadMoodleCallbackDependencies(
  env: Record<string, string | undefined> = process.env,
): Promise<DeliverCallbackDeps> {
  const own = parseEnvironment(MOODLE_CALLBACK_ENVIRONMENT, env);
  const [secret] = await loadWebhookSecrets(env);
  const client = createSqsClient({
    region: own.AWS_REGION,
    ...(own.AWS_ENDPOINT_URL_SQS ? { endpoint: own.AWS_ENDPOINT_URL_SQS } : {}),
  });
  const baseMs = own.MANIREPORTS_CALLBACK_BACKOFF_BASE_SECONDS * 1000;
  return {
    post: makeFetchCallbackPoster({
      url: own.MANIREPORTS_MOODLE_CALLBACK_URL,
      timeoutMs: own.MANIREPORTS_CALLBACK_TIMEOUT_SECONDS * 1000,
    }),
    secret: secret as string,
    clock: () => Math.floor(Date.now() / 1000),
    delayRedelivery: makeSqsRedeliveryDelay({ client, queueUrl: own.MANIREPORTS_CALLBACK_QUEUE_URL }),
    backoff: { baseMs, maxMs: Math.max(baseMs, own.MANIREPORTS_CALLBACK_BACKOFF_MAX_SECONDS * 1000) },
  };
}
