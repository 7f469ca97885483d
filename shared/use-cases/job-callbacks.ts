/**
 * Puts a callback for Moodle into the outbox once a job's outcome is decided. Only the caller that won the
 * conditional write deciding it calls here, so each job yields one `job.completed` (or one `run.delegated_local`);
 * Moodle still de-duplicates by the stable id, since a redelivered SQS message may be sent twice.
 *
 * Enqueuing never fails the caller: the outcome is already recorded (and served by the status API), and failing a
 * worker here would only make SQS redeliver work that is done. A lost callback is reported through `onLost`.
 */
import { buildCallbackEvent, type CallbackOutbox, type CallbackType } from '#domain/callback-event.js';
import type { CloudJob } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import type { ScheduleRunStateStore } from '#domain/schedule-run-state.js';

export interface JobCallbackDeps {
  outbox: CallbackOutbox;
  jobs: Pick<JobStore, 'getJob'>;
  runState: Pick<ScheduleRunStateStore, 'get'>;
  /** Epoch seconds. */
  clock: () => number;
  /** Told when a callback could not be enqueued (for the log; the caller carries on). */
  onLost?: (callbackId: string, error: unknown) => void;
}

export interface JobCallbacks {
  /** The job just reached a final status through this caller's transition. */
  jobFinished(jobId: string): Promise<void>;
  /** The planner just claimed `job` as a local run: Moodle sends it. */
  runDelegated(job: CloudJob): Promise<void>;
}

export function makeJobCallbacks(deps: JobCallbackDeps): JobCallbacks {
  const { outbox, jobs, runState, clock } = deps;

  async function enqueue(type: CallbackType, job: CloudJob): Promise<void> {
    try {
      const nextRun = (await runState.get(job.scheduleId))?.nextRun;
      await outbox.enqueue(buildCallbackEvent(type, job, nextRun, job.completedAt ?? clock()));
    } catch (error) {
      deps.onLost?.(`${type}:${job.jobId}`, error);
    }
  }

  return {
    async jobFinished(jobId) {
      if (!outbox.enabled) return;
      // Read back after the transition: the view carries the final status, counters and completion time.
      let job: CloudJob | undefined;
      try {
        job = await jobs.getJob(jobId);
      } catch (error) {
        deps.onLost?.(`job.completed:${jobId}`, error);
        return;
      }
      if (job !== undefined) await enqueue('job.completed', job);
    },
    async runDelegated(job) {
      if (!outbox.enabled) return;
      await enqueue('run.delegated_local', job);
    },
  };
}

/** Callbacks switched off: for callers and tests that have no outbox. */
export const NO_JOB_CALLBACKS: JobCallbacks = Object.freeze({
  jobFinished: async () => undefined,
  runDelegated: async () => undefined,
});
