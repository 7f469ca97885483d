/**
 * The one way a worker settles a recipient: the conditional settle on the ledger decides who counts it, the job's
 * counters move only for that winner, and the job is finished when its last recipient settles.
 */
import { decideFinalStatus, type JobCounts } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import type { RecipientLedger, RecipientOutcome } from '#domain/recipient-ledger.js';
import type { JobCallbacks } from './job-callbacks.js';

export interface SettleDeps {
  ledger: RecipientLedger;
  jobs: JobStore;
  clock: () => number;
  /** Told when this worker's transition finishes the job. @default no callbacks */
  callbacks?: JobCallbacks;
}

/** Returns false when the row was no longer this worker's to settle (a duplicate delivery got there first). */
export async function settleRecipient(
  { ledger, jobs, clock, callbacks }: SettleDeps,
  target: { jobId: string; userId: number },
  outcome: RecipientOutcome,
  extraCounts: Partial<JobCounts> = {},
): Promise<boolean> {
  if (!(await ledger.settle(target.jobId, target.userId, outcome, clock()))) return false;
  const job = await jobs.addToCounts(target.jobId, { [outcome.status]: 1, ...extraCounts }, clock());
  const final = decideFinalStatus(job.counts, job.fanout.complete);
  // Two workers settling the last recipients at once may both see the final counts; the conditional transition
  // lets exactly one of them finish the job, and only that one tells Moodle.
  if (final && job.status === 'running' && (await jobs.transition(target.jobId, 'running', final, clock()))) {
    await callbacks?.jobFinished(target.jobId);
  }
  return true;
}
