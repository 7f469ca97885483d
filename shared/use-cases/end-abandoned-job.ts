/**
 * Every job ends: once no work message of a running job can reach a worker any more (its work deadline,
 * `workDeadline`), the recipients its fan-out reached that were never claimed are settled as `unsent`, claims
 * whose worker died are settled as `unconfirmed` (as a worker seeing the stale claim would), the counters are
 * recounted, and the job reaches its final status and tells Moodle. Every write is conditional, so a worker
 * that does settle a recipient at the same moment (a redrive racing the deadline) wins that row, and a planner
 * stopped half-way simply does the rest on its next tick.
 */
import { type CloudJob, countSettled, decideFinalStatus } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import { workDeadline } from '#domain/work-deadline.js';
import type { JobCallbacks } from './job-callbacks.js';

export interface EndAbandonedJobDeps {
  jobs: JobStore;
  ledger: RecipientLedger;
  clock: () => number;
  callbacks?: JobCallbacks;
  /** True when the caller must stop soon; what is left is done on the next call. */
  shouldStop?: () => boolean;
  /** Told when a job ends with unsent recipients (the planner emits the alarm's metric). */
  onJobEnded?: (job: CloudJob) => void;
}

/** Rows written at once: DynamoDB takes them in parallel, and a planner tick stays well within its time. */
const PARALLEL_WRITES = 16;
const UNSENT_REASON = 'never claimed: its work message was lost, expired or dead-lettered before the work deadline';
const STALE_REASON = 'claimed but never recorded before the work deadline';

/**
 * Ends `job` if it is running, fully fanned out and past its work deadline; returns the job after it, or undefined
 * when it is not due (or was stopped part-way).
 */
export async function endAbandonedJob(
  deps: EndAbandonedJobDeps,
  job: CloudJob,
  messageLifetimeSeconds: number,
): Promise<CloudJob | undefined> {
  const { jobs, ledger, clock } = deps;
  if (job.status !== 'running' || !job.fanout.complete) return undefined;
  if (clock() < workDeadline(job, messageLifetimeSeconds)) return undefined;

  const statuses = await ledger.readStatuses(job.jobId);
  const reached = new Set([...(await ledger.listFannedOut(job.jobId)), ...statuses.keys()]);
  const open = [...reached].filter((userId) => {
    const status = statuses.get(userId);
    return status === undefined || status === 'queued' || status === 'sending';
  });
  for (let start = 0; start < open.length; start += PARALLEL_WRITES) {
    if (deps.shouldStop?.()) return undefined;
    await Promise.all(
      open.slice(start, start + PARALLEL_WRITES).map(async (userId) => {
        const now = clock();
        if (statuses.get(userId) === 'sending') {
          // Past the deadline every claim is stale (the deadline is far beyond the claim timeout).
          await ledger.settle(job.jobId, userId, { status: 'unconfirmed', lastError: STALE_REASON }, now);
        } else {
          await ledger.markUnsent(job.jobId, userId, UNSENT_REASON, now);
        }
      }),
    );
  }

  const tally = await ledger.tally(job.jobId);
  // A job fanned out before the fan-out was recorded has no record of whom it reached: the recipients missing
  // from its rows are counted as unsent without rows of their own, so that it still ends.
  const missing = Math.max(0, job.counts.total - countSettled({ ...job.counts, ...tally }));
  const now = clock();
  const recounted = await jobs.overwriteSettledCounts(job.jobId, { ...tally, unsent: tally.unsent + missing }, now);
  const final = decideFinalStatus(recounted.counts, true);
  if (final && (await jobs.transition(job.jobId, 'running', final, now))) {
    const ended = (await jobs.getJob(job.jobId)) ?? recounted;
    if (ended.counts.unsent > 0) deps.onJobEnded?.(ended);
    await deps.callbacks?.jobFinished(job.jobId);
    return ended;
  }
  return (await jobs.getJob(job.jobId)) ?? recounted;
}
