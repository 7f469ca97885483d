/**
 * The error a {@link WorkQueue} adapter throws when some messages could not be sent.
 */
import { AppError } from '#domain/errors.js';

/** Why one message was not sent: the SQS error code, and whether SQS blamed the request. */
export interface UnsentMessage {
  jobId: string;
  code: string;
  /** True when SQS said the entry itself is at fault (too large, invalid): resending it unchanged cannot help. */
  senderFault: boolean;
}

/**
 * Some messages were not sent after the retries; every other one was. A caller that resends the same messages later
 * (the planner replays the page) is safe: workers skip recipients already settled.
 */
export class QueueSendError extends AppError {
  /** How many messages were not sent. */
  readonly unsentCount: number;

  constructor(
    readonly unsent: readonly UnsentMessage[],
    readonly totalCount: number,
    options?: { cause?: unknown },
  ) {
    const codes = [...new Set(unsent.map((message) => message.code))].join(', ');
    super(`${unsent.length} of ${totalCount} work messages could not be sent to the queue (${codes})`, options);
    this.unsentCount = unsent.length;
  }
}
