/**
 * Redrives one job's dead-lettered work (`manireports-cloud redrive --job ID`), never mailing anyone twice: only
 * recipients that are certainly not sent become claimable again (`unsent` → `queued`); `sent`, `failed`, `skipped`
 * and `unconfirmed` stay as they are, so the workers skip them. A job that had ended is reopened (`running`) and
 * completes again, with a second `job.completed` under its own id. Order matters for a crash: rows first, then the
 * job, then the messages — run again, a redrive finishes what an interrupted one started.
 */
import { type CloudJob, decideFinalStatus, FINAL_JOB_STATUSES, type JobStatus } from '#domain/cloud-job.js';
import type { DeadLetterQueues } from '#domain/dead-letters.js';
import { AppError } from '#domain/errors.js';
import type { JobStore } from '#domain/job-store.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import { ledgerCoversJob, workHops } from '#domain/work-deadline.js';

export interface RedriveJobDeps {
  jobs: JobStore;
  ledger: RecipientLedger;
  deadLetters: DeadLetterQueues;
  clock: () => number;
  settings: { workMessageLifetimeSeconds: number; claimTimeoutSeconds: number };
}

export interface RedriveReport {
  jobId: string;
  statusBefore: JobStatus;
  statusAfter: JobStatus;
  /** Dead-lettered messages put back on their work queues. */
  messages: number;
  /** Recipients those messages carry, and how many of them were `unsent` and are claimable again. */
  recipients: number;
  reopened: number;
}

/** The job cannot be redriven (unknown, never fanned out, cancelled, or too old for its ledger rows). */
export class RedriveRefusedError extends AppError {}

/** Statuses whose work may be redriven: running, or ended by its counters or its work deadline. */
const REDRIVABLE: readonly JobStatus[] = ['running', 'completed', 'completed_with_failures'];

export function makeRedriveJob(deps: RedriveJobDeps) {
  const { jobs, ledger, deadLetters, clock, settings } = deps;

  return async function redriveJob(jobId: string): Promise<RedriveReport> {
    const job = await jobs.getJob(jobId);
    if (job === undefined) throw new RedriveRefusedError(`job ${jobId}: no such job`);
    if (!REDRIVABLE.includes(job.status) || job.route !== 'cloud') {
      throw new RedriveRefusedError(`job ${jobId}: a ${job.status} job has no work to redrive`);
    }
    const now = clock();
    // The redriven messages may be worked up to one work deadline from now; the job's rows must outlive that.
    const workedUntil = now + workHops(job.actionType) * settings.workMessageLifetimeSeconds;
    if (!ledgerCoversJob(job, ledger.retentionSeconds, settings.claimTimeoutSeconds, workedUntil)) {
      throw new RedriveRefusedError(
        `job ${jobId}: too old to redrive safely — its recipient rows may expire (recipient retention ` +
          `${Math.round(ledger.retentionSeconds / 86_400)} days) before the redriven work is done, and a recipient ` +
          'whose row is gone could be mailed twice',
      );
    }

    const letters = await deadLetters.collect(jobId);
    const userIds = [...new Set(letters.flatMap((letter) => letter.message.recipients.map((r) => r.userId)))];
    const report = { jobId, statusBefore: job.status, messages: letters.length, recipients: userIds.length };
    if (letters.length === 0) return { ...report, statusAfter: job.status, reopened: 0 };

    let reopened = 0;
    for (const userId of userIds) if (await ledger.reopenUnsent(jobId, userId, now)) reopened += 1;
    const statuses = await ledger.readStatuses(jobId);
    const claimable = userIds.some((userId) => {
      const status = statuses.get(userId);
      return status === undefined || status === 'queued';
    });
    const after = claimable ? await reopenJob(job, now) : job;
    await deadLetters.redrive(letters);
    return { ...report, statusAfter: after.status, reopened };
  };

  /** Recounts the rows (the reopened ones no longer count as settled) and puts the job back to `running`. */
  async function reopenJob(job: CloudJob, now: number): Promise<CloudJob> {
    if (!(await jobs.markRedriven(job.jobId, job.status, now))) {
      throw new RedriveRefusedError(`job ${job.jobId}: its status changed during the redrive; run it again`);
    }
    const recounted = await jobs.overwriteSettledCounts(job.jobId, await ledger.tally(job.jobId), now);
    // Nothing left to do after all (every reopened row was settled by a worker meanwhile): end it again now.
    const final = decideFinalStatus(recounted.counts, recounted.fanout.complete);
    if (final && FINAL_JOB_STATUSES.includes(final)) await jobs.transition(job.jobId, 'running', final, now);
    return (await jobs.getJob(job.jobId)) ?? recounted;
  }
}
