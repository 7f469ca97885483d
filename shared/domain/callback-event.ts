/**
 * Callbacks to Moodle (contract: docs/pipeline-design.md, "Callbacks to Moodle"): what the cloud tells Moodle about
 * a run, POSTed signed like the webhook. The `id` is derived from the type and the job, so every retry of one
 * callback carries the same id and Moodle de-duplicates by it. Pure: no I/O.
 */
import type { CloudJob } from './cloud-job.js';
import { isoFromEpochSeconds, type JobView, toJobView } from './job-view.js';

export const CALLBACK_TYPES = ['run.delegated_local', 'job.completed'] as const;
/** `run.delegated_local`: Moodle sends this run itself. `job.completed`: a cloud job reached a final status. */
export type CallbackType = (typeof CALLBACK_TYPES)[number];

/** The body POSTed to Moodle. */
export interface CallbackEvent {
  /** `<type>:<jobId>` (`…:redrive-<n>` after a redrive reopened the job): stable across retries. */
  id: string;
  type: CallbackType;
  /** ISO-8601 UTC: when the outcome was decided (not when the callback was delivered). */
  occurredAt: string;
  job: JobView;
  schedule: { id: number; nextRun: string | null };
}

/**
 * The stable id of the callback of `type` for `jobId`. A job reopened by its `redrives`-th redrive completes again:
 * that completion gets its own id, or Moodle would drop it as a duplicate of the first.
 */
export function callbackIdFor(type: CallbackType, jobId: string, redrives = 0): string {
  return redrives > 0 ? `${type}:${jobId}:redrive-${redrives}` : `${type}:${jobId}`;
}

/**
 * The callback for `job`.
 * @param nextRun the schedule's next regular run (epoch seconds) from the planner's run state; undefined if unknown.
 * @param occurredAt epoch seconds.
 */
export function buildCallbackEvent(
  type: CallbackType,
  job: CloudJob,
  nextRun: number | undefined,
  occurredAt: number,
): CallbackEvent {
  return {
    id: callbackIdFor(type, job.jobId, type === 'job.completed' ? (job.redrives ?? 0) : 0),
    type,
    occurredAt: isoFromEpochSeconds(occurredAt),
    job: toJobView(job),
    schedule: {
      id: job.scheduleId,
      nextRun: nextRun === undefined || nextRun <= 0 ? null : isoFromEpochSeconds(nextRun),
    },
  };
}

/**
 * The outbox callbacks leave through (an SQS queue in AWS): enqueuing is quick and durable, and the sender retries
 * delivery with backoff on its own schedule, so a slow or down Moodle never holds up a worker or the planner.
 */
export interface CallbackOutbox {
  /** False when callbacks are switched off (no queue configured). */
  readonly enabled: boolean;
  enqueue(event: CallbackEvent): Promise<void>;
}

/** The outbox when no callback queue is configured: callbacks are off and nothing is sent. */
export const NULL_CALLBACK_OUTBOX: CallbackOutbox = Object.freeze({
  enabled: false,
  enqueue: async () => undefined,
});
