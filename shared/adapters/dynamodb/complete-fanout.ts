/**
 * `completeFanout` on DynamoDB. Which status the job moves to depends on what it holds (a job with nobody left to
 * reach settles at once), and an update expression cannot branch, so this reads the job and then writes on the
 * condition that what it read still holds; if a concurrent write changed it, it reads again.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CloudJob, decideFinalStatus, type JobStatus } from '#domain/cloud-job.js';
import { updateIf } from './conditional-write.js';
import { DynamoStoreError, FanoutLeaseLostError, JobNotFoundError } from './dynamo-errors.js';
import { itemToJob } from './job-item.js';

/** What the job store hands over. */
export interface CompleteFanoutContext {
  doc: DynamoDBDocumentClient;
  table: string;
  getJob(jobId: string): Promise<CloudJob | undefined>;
}

// Workers' counter updates do not touch the fields the condition tests unless they settle the last recipients, so
// a handful of rereads is plenty; running out means something writes the job in a loop.
const MAX_ATTEMPTS = 5;
const NOT_STARTED: readonly JobStatus[] = ['planning', 'queued'];

/**
 * Marks the fan-out complete. A job still `planning`/`queued` starts (`running`, `startedAt`), or settles at once
 * (`completed…`, `completedAt`) when its counters already say every recipient is settled — with no recipients
 * (total 0), or when the workers finished them all before the fan-out was marked complete, which no worker would
 * notice afterwards. A job in any other status (already running, cancelled) keeps it.
 * @throws FanoutLeaseLostError when `owner` no longer holds the lease; JobNotFoundError when there is no job.
 */
export async function completeJobFanout(
  context: CompleteFanoutContext,
  jobId: string,
  owner: string,
  now: number,
): Promise<CloudJob> {
  const { doc, table } = context;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const job = await context.getJob(jobId);
    if (job === undefined) throw new JobNotFoundError(jobId);
    if (job.fanout.leaseOwner !== owner) throw new FanoutLeaseLostError(jobId, owner);
    const starting = NOT_STARTED.includes(job.status);
    if (job.fanout.complete && !starting) return job;

    const sets = ['#fanoutComplete = :true'];
    const values: Record<string, unknown> = {
      ':true': true,
      ':owner': owner,
      ':read': job.status,
      ':total': job.counts.total,
      ':sent': job.counts.sent,
      ':failed': job.counts.failed,
      ':skipped': job.counts.skipped,
      ':unconfirmed': job.counts.unconfirmed,
    };
    if (starting) {
      const next = decideFinalStatus(job.counts, true) ?? 'running';
      sets.push('#status = :next', '#startedAt = if_not_exists(#startedAt, :now)');
      values[':next'] = next;
      values[':now'] = now;
      if (next !== 'running') sets.push('#completedAt = :now');
    }
    const update = `SET ${sets.join(', ')}`;
    // The decision above rests on the status and the counters read; they must still hold when the write lands.
    const condition =
      '#leaseOwner = :owner AND #status = :read AND #countTotal = :total AND #countSent = :sent' +
      ' AND #countFailed = :failed AND #countSkipped = :skipped AND #countUnconfirmed = :unconfirmed';
    const output = await updateIf(doc, table, { jobId }, { update, condition, values });
    if (output !== undefined) return itemToJob(table, output);
  }
  throw new DynamoStoreError('UpdateItem (completeFanout)', table, {
    cause: new Error(`job ${jobId} kept changing for ${MAX_ATTEMPTS} attempts`),
  });
}
