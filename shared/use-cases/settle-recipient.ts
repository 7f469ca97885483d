/**
 * The one way a worker settles a recipient: the conditional settle on the ledger decides who counts it, the job's
 * counters move only for that winner, and the job is finished when its last recipient settles.
 */
import { decideFinalStatus, type JobCounts } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import type { RecipientLedger, RecipientOutcome } from '#domain/recipient-ledger.js';

export interface SettleDeps {
  ledger: RecipientLedger;
  jobs: JobStore;
  clock: () => number;
}

/** Returns false when the row was no longer this worker's to settle (a duplicate delivery got there first). */
export async function settleRecipient(
  { ledger, jobs, clock }: SettleDeps,
  target: { jobId: string; userId: number },
  outcome: RecipientOutcome,
  extraCounts: Partial<JobCounts> = {},
): Promise<boolean> {
  if (!(await ledger.settle(target.jobId, target.userId, outcome, clock()))) return false;
  const job = await jobs.addToCounts(target.jobId, { [outcome.status]: 1, ...extraCounts }, clock());
  const final = decideFinalStatus(job.counts, job.fanout.complete);
  if (final && job.status === 'running') await jobs.transition(target.jobId, 'running', final, clock());
  return true;
}
