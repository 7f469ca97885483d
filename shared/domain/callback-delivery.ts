/**
 * Delivering one callback to Moodle: the ports the sender uses and the errors that make SQS deliver it again.
 * Pure: no I/O.
 */
import { AppError } from './errors.js';

/** One signed POST, as the sender hands it to the HTTP client. */
export interface CallbackPost {
  body: string;
  headers: Record<string, string>;
}

/** Sends a POST to Moodle's callback URL; resolves with the HTTP status, rejects on a network fault or timeout. */
export type PostCallback = (post: CallbackPost) => Promise<number>;

/** Moodle did not take the callback (a non-2xx answer, a timeout, a refused connection): it will be retried. */
export class CallbackNotDeliveredError extends AppError {
  constructor(
    readonly callbackId: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`callback ${callbackId} not delivered: ${reason}`, options);
  }
}

/** A queued callback that is not a callback at all (a bug or a stray message): retrying cannot help. */
export class MalformedCallbackError extends AppError {}
