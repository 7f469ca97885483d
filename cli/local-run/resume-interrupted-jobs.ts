/**
 * What a local run finds left by an earlier one that was stopped (Ctrl-C, a time limit) or killed: jobs that are not
 * final. Their queue messages and outputs are on disk (start-local-stack.ts), so draining the queues finishes them;
 * two things a dead process leaves are settled here first, which only a local run may do (it holds the lock on the
 * state folder, so no worker or planner of the earlier process is alive):
 *
 * - a recipient claimed (`sending`) by a worker that died: local SES's spool says whether its mail was accepted.
 *   Accepted → settled `sent` with that message id (never sent again); not accepted → released, so the worker sends
 *   it once when its message comes back. A certificate-only recipient is released (rendering is idempotent).
 * - a fan-out lease of a dead planner: expired, so the next tick resumes the fan-out at once instead of minutes later.
 */
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { toDocumentClient } from '#adapters/dynamodb/dynamo-client.js';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoRecipientLedger } from '#adapters/dynamodb/dynamo-recipient-ledger.js';
import { JOB_ATTRIBUTES } from '#adapters/dynamodb/job-item.js';
import { listSpooledMail } from '#adapters/local-aws/ses-mail-spool.js';
import { type CloudJob, countSettled, FINAL_JOB_STATUSES } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import { reconcileStalledJob } from '#use-cases/reconcile-job.js';
import { settleRecipient } from '#use-cases/settle-recipient.js';
import type { LocalStack } from './start-local-stack.js';

export interface UnfinishedJobs {
  jobs: CloudJob[];
  /** Recipients still to be mailed and certificates still to be made (at least: a fan-out may add more). */
  emailsLeft: number;
  certificatesLeft: number;
  /** Claims of the dead process settled as sent (their mail was accepted) and released (it was not). */
  settledSent: number;
  released: number;
}

const RECIPIENT_RETENTION_SECONDS = 30 * 86_400;

export function localStores(stack: LocalStack): { jobs: JobStore; ledger: RecipientLedger } {
  return {
    jobs: makeDynamoJobStore({ client: stack.clients.dynamo, tableName: stack.tables.jobs }),
    ledger: makeDynamoRecipientLedger({
      client: stack.clients.dynamo,
      tableName: stack.tables.recipients,
      retentionSeconds: RECIPIENT_RETENTION_SECONDS,
    }),
  };
}

/** Every cloud job in the local state that is not final. */
export async function findUnfinishedJobs(stack: LocalStack): Promise<CloudJob[]> {
  const ids: string[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await stack.clients.dynamo.send(
      new ScanCommand({
        TableName: stack.tables.jobs,
        ProjectionExpression: '#jobId, #status',
        ExpressionAttributeNames: { '#jobId': JOB_ATTRIBUTES.jobId, '#status': JOB_ATTRIBUTES.status },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const status = item[JOB_ATTRIBUTES.status]?.S;
      const jobId = item[JOB_ATTRIBUTES.jobId]?.S;
      if (jobId !== undefined && !FINAL_JOB_STATUSES.includes(status as CloudJob['status'])) ids.push(jobId);
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  const { jobs } = localStores(stack);
  const found = await Promise.all(ids.sort().map((jobId) => jobs.getJob(jobId)));
  return found.filter((job): job is CloudJob => job !== undefined && job.route === 'cloud');
}

/** Settles what the dead process left (see the top of this file) and counts what the jobs still have to do. */
export async function prepareResume(
  stack: LocalStack,
  jobs: readonly CloudJob[],
  now: number,
): Promise<UnfinishedJobs> {
  const stores = localStores(stack);
  const deps = { ...stores, clock: () => Math.floor(Date.now() / 1000) };
  const spooled = new Map<string, string>();
  for (const mail of listSpooledMail(stack.sesSpoolDir ?? '')) {
    if (mail.jobId !== undefined) spooled.set(`${mail.jobId}#${mail.userId}`, mail.messageId);
  }
  let settledSent = 0;
  let released = 0;
  for (const job of jobs) {
    if (!job.fanout.complete && (job.fanout.leaseUntil ?? 0) > now) await expireFanoutLease(stack, job.jobId);
    let cursor: string | undefined;
    do {
      const page = await stores.ledger.listRecipients(
        job.jobId,
        { status: 'sending' },
        cursor === undefined ? { limit: 100 } : { limit: 100, cursor },
      );
      for (const row of page.items) {
        const messageId = job.actionType === 'certificate' ? undefined : spooled.get(`${job.jobId}#${row.userId}`);
        if (messageId === undefined) {
          await stores.ledger.release(job.jobId, row.userId, 'local run interrupted before sending', deps.clock());
          released += 1;
        } else {
          const target = { jobId: job.jobId, userId: row.userId };
          const certificate = job.actionType === 'both' ? await certificateOf(stack, target) : undefined;
          const outcome = { status: 'sent' as const, sesMessageId: messageId, ...certificate };
          if (await settleRecipient(deps, target, outcome, certificate ? { certificates: 1 } : {})) settledSent += 1;
        }
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
  const current = (await Promise.all(jobs.map((job) => stores.jobs.getJob(job.jobId)))).filter(
    (job): job is CloudJob => job !== undefined,
  );
  const left = workLeft(current);
  return { jobs: current, emailsLeft: left.emails, certificatesLeft: left.certificates, settledSent, released };
}

/** Emails and certificates these jobs still have to produce (as far as their fan-out has gone). */
export function workLeft(jobs: readonly CloudJob[]): { emails: number; certificates: number } {
  const cloud = jobs.filter((job) => job.route === 'cloud' && !FINAL_JOB_STATUSES.includes(job.status));
  const unsettled = (job: CloudJob) => Math.max(0, job.counts.total - countSettled(job.counts));
  const sum = (actions: readonly string[], count: (job: CloudJob) => number) =>
    cloud.filter((job) => actions.includes(job.actionType)).reduce((total, job) => total + count(job), 0);
  return {
    emails: sum(['email', 'both'], unsettled),
    certificates:
      sum(['certificate'], unsettled) +
      sum(['both'], (job) =>
        Math.max(0, job.counts.total - job.counts.certificates - job.counts.failed - job.counts.skipped),
      ),
  };
}

/** The line the run prints before it plans anything; undefined when nothing is unfinished. */
export function describeResume(unfinished: UnfinishedJobs): string | undefined {
  const count = unfinished.jobs.length;
  if (count === 0) return undefined;
  const parts = [`${unfinished.emailsLeft} emails`, `${unfinished.certificatesLeft} certificates`];
  return `Resuming ${count} interrupted job${count === 1 ? '' : 's'}: ${parts.join(', ')} left.`;
}

/**
 * After the queues are drained, recounts each of these jobs that is still running from its recipient rows (a worker
 * that died between settling a recipient and counting it leaves the counters short) and finishes it if every
 * recipient is settled. Returns the jobs as they ended.
 */
export async function finishDrainedJobs(stack: LocalStack, jobIds: readonly string[]): Promise<void> {
  const stores = localStores(stack);
  const clock = () => Math.floor(Date.now() / 1000);
  for (const jobId of jobIds) {
    const job = await stores.jobs.getJob(jobId);
    if (job !== undefined) await reconcileStalledJob({ ...stores, clock }, job, 0);
  }
}

/** The certificate the certificate worker stored for a `both` recipient (its key holds the verification code). */
async function certificateOf(
  stack: LocalStack,
  target: { jobId: string; userId: number },
): Promise<{ certificateKey: string; verificationCode: string } | undefined> {
  const slot = /^schedule-(\d+)-slot-(\d+)$/.exec(target.jobId);
  if (slot === null) return undefined;
  const prefix = `certificates/schedule-${slot[1]}/${slot[2]}/user-${target.userId}-`;
  const page = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: prefix }));
  const key = page.Contents?.[0]?.Key;
  const code = key === undefined ? undefined : /-([0-9A-Z-]+)\.pdf$/.exec(key.slice(prefix.length - 1))?.[1];
  return key === undefined || code === undefined ? undefined : { certificateKey: key, verificationCode: code };
}

async function expireFanoutLease(stack: LocalStack, jobId: string): Promise<void> {
  await toDocumentClient(stack.clients.dynamo).send(
    new UpdateCommand({
      TableName: stack.tables.jobs,
      Key: { [JOB_ATTRIBUTES.jobId]: jobId },
      UpdateExpression: 'SET #leaseUntil = :zero',
      ExpressionAttributeNames: { '#leaseUntil': JOB_ATTRIBUTES.leaseUntil },
      ExpressionAttributeValues: { ':zero': 0 },
    }),
  );
}
