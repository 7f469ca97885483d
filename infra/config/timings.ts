/**
 * Timeouts the stateful and pipeline stacks must agree on: a queue's visibility timeout is 6× its worker's timeout
 * (AWS's advice for SQS event sources), and a recipient's claim counts as stale only after the visibility timeout.
 */

/** The email worker's timeout: a batch of up to 10 messages of 25 recipients at the worker's share of the rate. */
export const EMAIL_WORKER_TIMEOUT_SECONDS = 120;
/** The certificate worker's timeout: ~52 ms a certificate, 250 certificates a batch at most, plus S3 and SQS. */
export const CERTIFICATE_WORKER_TIMEOUT_SECONDS = 120;
/** The planner stops starting pages 30 s before this; the next tick resumes from the saved cursor. */
export const PLANNER_TIMEOUT_SECONDS = 180;
/** The HTTP functions answer well within API Gateway's 30 s integration limit; the status API may page Moodle. */
export const HTTP_FUNCTION_TIMEOUT_SECONDS = 15;
/** One callback POST to Moodle, with the HTTP client's own timeout below it. */
export const MOODLE_CALLBACK_TIMEOUT_SECONDS = 30;
/** SES events: a few conditional writes per record. */
export const SES_EVENTS_TIMEOUT_SECONDS = 30;
/**
 * A callback is tried this many times before its DLQ: the function backs off by raising the message's visibility
 * (ChangeMessageVisibility), so the attempts spread over hours while Moodle is down.
 */
export const CALLBACK_MAX_RECEIVE_COUNT = 10;
/** SQS redrives a message to the DLQ after this many receives. */
export const MAX_RECEIVE_COUNT = 5;
/** How long a work message may wait in its queue. */
export const QUEUE_RETENTION_DAYS = 4;

/** The visibility timeout for a queue whose consumer times out after `workerTimeoutSeconds`. */
export function visibilityTimeoutFor(workerTimeoutSeconds: number): number {
  return 6 * workerTimeoutSeconds;
}

/** A claim older than the longest visibility timeout is stale (docs/pipeline-design.md, Workers). */
export const CLAIM_TIMEOUT_SECONDS = Math.max(
  900,
  visibilityTimeoutFor(EMAIL_WORKER_TIMEOUT_SECONDS),
  visibilityTimeoutFor(CERTIFICATE_WORKER_TIMEOUT_SECONDS),
);

/**
 * The longest a work message can still be worked after it was sent: SQS deletes a message older than the queue's
 * retention whether or not it was received (receives, visibility timeouts and `maxReceiveCount` only decide when
 * it moves to the DLQ, where no worker reads it), and a worker that received it just before then finishes within
 * the visibility timeout. A job's work deadline is one such lifetime per queue hop after its work was last sent
 * (shared/domain/work-deadline.ts; docs/pipeline-design.md, "Every job ends").
 */
export const WORK_MESSAGE_LIFETIME_SECONDS =
  QUEUE_RETENTION_DAYS * 86_400 +
  Math.max(
    visibilityTimeoutFor(EMAIL_WORKER_TIMEOUT_SECONDS),
    visibilityTimeoutFor(CERTIFICATE_WORKER_TIMEOUT_SECONDS),
  );

/** A dead-letter queue keeps a message this long (SQS's longest): evidence that outlives a long weekend. */
export const DEAD_LETTER_RETENTION_DAYS = 14;

/**
 * The longest a work message can exist, counted generously as queue retention plus DLQ retention (for a standard
 * queue SQS counts the DLQ's retention from the original send, so the real bound is lower). Recipient rows must
 * outlive it, or a message worked late could find its recipient's row expired and mail them again.
 */
export const LONGEST_MESSAGE_LIFE_DAYS = QUEUE_RETENTION_DAYS + DEAD_LETTER_RETENTION_DAYS;
