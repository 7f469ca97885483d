/**
 * Counters are atomic, but a recipient's row and its job's counters are two items: a worker that dies between
 * settling the row and adding to the counters leaves the job one short, and it would run forever. When a running
 * job's counters have not moved for a while, its rows are recounted and the counters replaced by the recount. A
 * job whose queue work is gone for good (past its work deadline) is ended instead (`endAbandonedJob`).
 */
import { type CloudJob, decideFinalStatus } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import { type EndAbandonedJobDeps, endAbandonedJob } from './end-abandoned-job.js';
import type { JobCallbacks } from './job-callbacks.js';

export interface ReconcileDeps extends Pick<EndAbandonedJobDeps, 'shouldStop' | 'onJobEnded'> {
  jobs: JobStore;
  ledger: RecipientLedger;
  clock: () => number;
  callbacks?: JobCallbacks;
  /**
   * The longest a work message can still be worked after it is sent (`workDeadline`); unset: jobs are only
   * recounted, never ended at a deadline.
   */
  settings?: { workMessageLifetimeSeconds: number };
}

/** Recounts `job` if it is running, fully fanned out and idle for `stalledAfterSeconds`; returns the job after it. */
export async function reconcileStalledJob(
  deps: ReconcileDeps,
  job: CloudJob,
  stalledAfterSeconds: number,
): Promise<CloudJob | undefined> {
  const { jobs, ledger, clock, callbacks } = deps;
  if (job.status !== 'running' || !job.fanout.complete) return undefined;
  const lifetime = deps.settings?.workMessageLifetimeSeconds;
  if (lifetime !== undefined) {
    const ended = await endAbandonedJob(deps, job, lifetime);
    if (ended !== undefined) return ended;
  }
  const now = clock();
  const lastMoved = job.countsUpdatedAt ?? job.startedAt ?? job.createdAt;
  if (now - lastMoved < stalledAfterSeconds) return undefined;
  const recounted = await jobs.overwriteSettledCounts(job.jobId, await ledger.tally(job.jobId), now);
  const final = decideFinalStatus(recounted.counts, true);
  // A worker may finish the job between the recount and here: whoever's transition lands tells Moodle.
  if (final && (await jobs.transition(job.jobId, 'running', final, now))) await callbacks?.jobFinished(job.jobId);
  return (await jobs.getJob(job.jobId)) ?? recounted;
}
