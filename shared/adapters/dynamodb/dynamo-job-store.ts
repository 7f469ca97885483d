/**
 * The {@link JobStore} port on DynamoDB. Every decision is one conditional write on the job's item (no
 * transactions: the local server has none, and none are needed when each rule concerns a single item).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CloudJob,
  FINAL_JOB_STATUSES,
  type JobCounts,
  type JobStatus,
  type SettledCounts,
} from '#domain/cloud-job.js';
import { ValidationError } from '#domain/errors.js';
import type { FanoutPageProgress, JobStore } from '#domain/job-store.js';
import { completeJobFanout } from './complete-fanout.js';
import { callDynamo, namesIn, updateIf, writeIf } from './conditional-write.js';
import { toDocumentClient } from './dynamo-client.js';
import { JobNotFoundError } from './dynamo-errors.js';
import { cleanErrorText } from './item-fields.js';
import { COUNT_ATTRIBUTES, itemToJob, jobToItem } from './job-item.js';
import { listJobs } from './list-jobs.js';

/** Where the jobs live. */
export interface DynamoJobStoreOptions {
  /** Shared client from {@link createDynamoClient}. */
  client: DynamoDBClient;
  tableName: string;
}

/** Creates a {@link JobStore} on the jobs table. */
export function makeDynamoJobStore(options: DynamoJobStoreOptions): JobStore {
  const doc = toDocumentClient(options.client);
  const table = options.tableName;

  async function getJob(jobId: string): Promise<CloudJob | undefined> {
    // Strongly consistent: callers read right after a conditional write lost and must see the winner's item.
    const output = await callDynamo('GetItem', table, () =>
      doc.send(new GetCommand({ TableName: table, Key: { jobId }, ConsistentRead: true })),
    );
    return output.Item === undefined ? undefined : itemToJob(table, output.Item);
  }

  return {
    getJob,

    listJobs: (filter, page) => listJobs(doc, table, filter, page),

    async claimRun(job) {
      const item = jobToItem(job);
      const condition = 'attribute_not_exists(#jobId)';
      const put = await writeIf('PutItem', table, () =>
        doc.send(
          new PutCommand({
            TableName: table,
            Item: item,
            ConditionExpression: condition,
            ExpressionAttributeNames: namesIn(condition),
          }),
        ),
      );
      if (put !== undefined) return { claimed: true, job: itemToJob(table, item) };
      const existing = await getJob(job.jobId);
      // Jobs are never deleted, so a collision without a job to read back means the table is not what we think.
      if (existing === undefined) throw new JobNotFoundError(job.jobId);
      return { claimed: false, existing };
    },

    async acquireFanoutLease(jobId, owner, now, leaseSeconds) {
      const update = 'SET #leaseOwner = :owner, #leaseUntil = :until';
      const condition =
        'attribute_exists(#jobId) AND #fanoutComplete = :false AND (#leaseUntil < :now OR #leaseOwner = :owner)';
      const output = await updateIf(
        doc,
        table,
        { jobId },
        { update, condition, values: { ':owner': owner, ':until': now + leaseSeconds, ':now': now, ':false': false } },
      );
      return output !== undefined;
    },

    async recordFanoutPage(jobId: string, owner: string, page: FanoutPageProgress) {
      requireCount('page.enqueued', page.enqueued);
      requireCount('page.suppressed', page.suppressed);
      const update = 'SET #fanoutCursorUserId = :cursor ADD #countTotal :enqueued, #countSuppressed :suppressed';
      // The cursor must move forward: a page replayed after a crash (or a retried request whose first try did
      // land) fails here instead of counting its recipients twice. A completed fan-out takes no more pages.
      const condition =
        'attribute_exists(#jobId) AND #leaseOwner = :owner AND #fanoutComplete = :false AND #fanoutCursorUserId < :cursor';
      const output = await updateIf(
        doc,
        table,
        { jobId },
        {
          update,
          condition,
          values: {
            ':owner': owner,
            ':cursor': page.cursorUserId,
            ':enqueued': page.enqueued,
            ':suppressed': page.suppressed,
            ':false': false,
          },
        },
      );
      return output !== undefined;
    },

    completeFanout: (jobId, owner, now) => completeJobFanout({ doc, table, getJob }, jobId, owner, now),

    async addToCounts(jobId: string, delta: Partial<JobCounts>, now: number) {
      const changes = Object.entries(delta).filter(([, value]) => value !== undefined && value !== 0);
      const values: Record<string, number> = { ':now': now };
      const adds = changes.map(([field, value], index) => {
        requireInteger(`delta.${field}`, value);
        values[`:d${index}`] = value as number;
        return `#${COUNT_ATTRIBUTES[field as keyof JobCounts]} :d${index}`;
      });
      // The timestamp lets a reconciler spot a running job whose counters stopped moving.
      const update = `SET #countsUpdatedAt = :now${adds.length === 0 ? '' : ` ADD ${adds.join(', ')}`}`;
      // Without it, an update of a missing job would create a stub item holding only counters.
      const condition = 'attribute_exists(#jobId)';
      const output = await updateIf(doc, table, { jobId }, { update, condition, values });
      if (output === undefined) throw new JobNotFoundError(jobId);
      return itemToJob(table, output);
    },

    async overwriteSettledCounts(jobId: string, counts: SettledCounts, now: number) {
      const entries = Object.entries(counts) as [keyof SettledCounts, number][];
      const values: Record<string, unknown> = { ':now': now };
      const sets = entries.map(([field, value]) => {
        requireCount(`counts.${field}`, value);
        values[`:${field}`] = value;
        return `#${COUNT_ATTRIBUTES[field]} = :${field}`;
      });
      const update = `SET #countsUpdatedAt = :now, ${sets.join(', ')}`;
      const output = await updateIf(doc, table, { jobId }, { update, condition: 'attribute_exists(#jobId)', values });
      if (output === undefined) throw new JobNotFoundError(jobId);
      return itemToJob(table, output);
    },

    async markRedriven(jobId: string, from: JobStatus, now: number) {
      const reopening = from !== 'running';
      const update = reopening
        ? 'SET #status = :running, #redrivenAt = :now ADD #redrives :one REMOVE #completedAt'
        : 'SET #redrivenAt = :now';
      const values: Record<string, unknown> = { ':from': from, ':now': now };
      if (reopening) Object.assign(values, { ':running': 'running', ':one': 1 });
      const output = await updateIf(doc, table, { jobId }, { update, condition: '#status = :from', values });
      return output !== undefined;
    },

    async transition(jobId: string, from: JobStatus, to: JobStatus, now: number, lastError?: string) {
      const sets = ['#status = :to'];
      const values: Record<string, unknown> = { ':from': from, ':to': to };
      if (FINAL_JOB_STATUSES.includes(to)) {
        sets.push('#completedAt = :now');
        values[':now'] = now;
      }
      if (lastError !== undefined) {
        sets.push('#lastError = :lastError');
        values[':lastError'] = cleanErrorText(lastError);
      }
      const update = `SET ${sets.join(', ')}`;
      const condition = '#status = :from';
      const output = await updateIf(doc, table, { jobId }, { update, condition, values });
      return output !== undefined;
    },
  };
}

function requireInteger(field: string, value: unknown): void {
  if (!Number.isSafeInteger(value)) throw new ValidationError(field, value, 'must be an integer');
}

function requireCount(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new ValidationError(field, value, 'must be a whole number ≥ 0');
}
