/**
 * When a job's queue work is certainly gone, and when a message may still safely be worked (docs/pipeline-design.md,
 * "Every job ends"). Pure: the numbers come from the deployment's queue timings (infra/config/timings.ts).
 */
import type { CloudJob } from './cloud-job.js';
import type { ActionType } from './schedule.js';

/** The metric (Count, dimension `JobId`) the planner emits when a job ends with unsent recipients; alarmed on. */
export const UNSENT_RECIPIENTS_METRIC = 'unsent_recipients';

/**
 * Queue hops a recipient's work takes: a `both` job's certificate worker puts an email message on the email queue
 * while it handles its certificate message, so that work can outlive the fan-out by two message lifetimes.
 */
export function workHops(actionType: ActionType): number {
  return actionType === 'both' ? 2 : 1;
}

/**
 * The moment (epoch seconds) after which no work message of `job` can reach a worker any more: the last time its
 * work was put on a queue (fan-out complete, or the last redrive) plus one message lifetime per hop.
 *
 * @param messageLifetimeSeconds the longest a work message can still be received and worked after it is sent: the
 *   queue's retention (SQS deletes an older message, received or not; a dead-lettered one is never received by a
 *   worker) plus the visibility timeout (a worker that received it just before then finishes within it).
 */
export function workDeadline(job: CloudJob, messageLifetimeSeconds: number): number {
  const lastEnqueued = Math.max(job.startedAt ?? job.createdAt, job.redrivenAt ?? 0);
  return lastEnqueued + workHops(job.actionType) * messageLifetimeSeconds;
}

/**
 * True while every ledger row `job` can have is certainly still stored: each row is written after the job was
 * created and kept `retentionSeconds` after its last write, so until `createdAt + retentionSeconds` no row can have
 * expired. A message worked later could find its recipient's row gone and mail them again, so it is refused; the
 * claim timeout is kept as a margin for the send between claim and settle.
 */
export function ledgerCoversJob(
  job: Pick<CloudJob, 'createdAt'>,
  retentionSeconds: number,
  claimTimeoutSeconds: number,
  now: number,
): boolean {
  return now + claimTimeoutSeconds < job.createdAt + retentionSeconds;
}
