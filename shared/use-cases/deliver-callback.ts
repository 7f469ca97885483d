/**
 * The callback sender's use case: sign one queued callback with the current secret and a fresh timestamp (a retry
 * hours later must still fall within Moodle's replay window), POST it, and on anything but a 2xx push the message's
 * next delivery out by an exponential backoff before failing, so SQS delivers it again later (then its DLQ).
 */
import { type BackoffOptions, backoffDelay } from '#domain/backoff.js';
import { CallbackNotDeliveredError, MalformedCallbackError, type PostCallback } from '#domain/callback-delivery.js';
import { CALLBACK_TYPES } from '#domain/callback-event.js';
import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from '#domain/webhook-signature.js';

export interface DeliverCallbackDeps {
  post: PostCallback;
  /** The current webhook secret: callbacks are signed like the webhook. */
  secret: string;
  /** Epoch seconds. */
  clock: () => number;
  /** Makes SQS hold the message back for `seconds` before delivering it again. */
  delayRedelivery: (receiptHandle: string, seconds: number) => Promise<void>;
  /** The redelivery delay's exponential ceiling (full jitter), by receive count. */
  backoff: BackoffOptions;
  random?: () => number;
}

/** One queued callback as SQS delivers it. */
export interface QueuedCallback {
  /** The callback's JSON, exactly as it will be signed and sent. */
  body: string;
  receiptHandle: string;
  /** 1 on the first delivery. */
  receiveCount: number;
}

/** SQS accepts a visibility timeout of at most 12 hours. */
const MAX_VISIBILITY_SECONDS = 12 * 3600;

export function makeDeliverCallback(deps: DeliverCallbackDeps) {
  const { post, secret, clock } = deps;

  /**
   * @returns the callback's id once Moodle answered 2xx.
   * @throws CallbackNotDeliveredError after scheduling the retry; MalformedCallbackError for a body that is no
   *   callback (no retry is scheduled: it goes to the DLQ at the queue's pace).
   */
  return async function deliverCallback(queued: QueuedCallback): Promise<string> {
    const id = callbackIdOf(queued.body);
    const timestamp = clock();
    const headers = {
      'content-type': 'application/json',
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhookBody(secret, timestamp, queued.body),
    };
    let reason: string;
    let cause: unknown;
    try {
      const status = await post({ body: queued.body, headers });
      if (status >= 200 && status < 300) return id;
      reason = `Moodle answered ${status}`;
    } catch (error) {
      cause = error;
      reason = error instanceof Error ? `${error.name}: ${error.message}` : 'request failed';
    }
    const attempt = Math.max(0, queued.receiveCount - 1);
    const delayMs = backoffDelay(attempt, deps.backoff, deps.random);
    const seconds = Math.min(MAX_VISIBILITY_SECONDS, Math.max(1, Math.ceil(delayMs / 1000)));
    await deps.delayRedelivery(queued.receiptHandle, seconds);
    throw new CallbackNotDeliveredError(id, reason, { cause });
  };
}

/** The `id` of a queued callback body, checking that it is one. */
function callbackIdOf(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new MalformedCallbackError('queued callback is not JSON', { cause: error });
  }
  const candidate = parsed as { id?: unknown; type?: unknown } | null;
  if (
    typeof candidate?.id !== 'string' ||
    !(CALLBACK_TYPES as readonly unknown[]).includes(candidate.type) ||
    !candidate.id.startsWith(`${String(candidate.type)}:`)
  ) {
    throw new MalformedCallbackError('queued message is not a callback event');
  }
  return candidate.id;
}
