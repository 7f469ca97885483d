/**
 * The ses-events function end to end: SNS events carrying SES records (AWS's documented shapes), the real config
 * read at cold start, the middy chain, and the job and recipient stores on dynalite.
 */
import type { Context, SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoRecipientLedger } from '#adapters/dynamodb/dynamo-recipient-ledger.js';
import { makeLambdaContext, newInvocation } from '#adapters/local-lambda/lambda-context.js';
import type { JobStore } from '#domain/job-store.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import { plannedJob, readRawItem, SLOT } from '../dynamodb/fixtures.js';
import { functionEnvironmentOn, type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { bounceRecord, complaintRecord, ourTags, snsEvent } from './fixtures.js';

type Handler = (event: SNSEvent, context: Context) => Promise<void>;

let local: LocalDynamoDb;
let handler: Handler;
let jobs: JobStore;
let ledger: RecipientLedger;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  const env: Record<string, string> = {
    ...functionEnvironmentOn(local),
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  jobs = makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs });
  ledger = makeDynamoRecipientLedger({
    client: local.client,
    tableName: local.tables.recipients,
    retentionSeconds: 90 * 86_400,
  });
  // The handler reads its config at import (its cold start), so the environment must be in place first.
  ({ handler } = (await import('../../lambdas/ses-events/handler.js')) as unknown as { handler: Handler });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await local.stop();
});

const invoke = (event: SNSEvent) =>
  handler(
    event,
    makeLambdaContext(newInvocation({ functionName: 'ses-events', timeoutMs: 10_000, region: 'us-east-1' })),
  );

/** A job with `userIds` already sent, as the email worker leaves them. */
async function sentJob(scheduleId: number, userIds: number[]): Promise<string> {
  const job = plannedJob(scheduleId, { status: 'running' });
  await jobs.claimRun(job);
  for (const userId of userIds) {
    await ledger.claim(job.jobId, userId, SLOT + 10, 900);
    await ledger.settle(job.jobId, userId, { status: 'sent', sesMessageId: `ses-${userId}` }, SLOT + 11);
  }
  await jobs.addToCounts(job.jobId, { total: userIds.length, sent: userIds.length }, SLOT + 11);
  return job.jobId;
}

const row = async (jobId: string, userId: number) =>
  readRawItem(local.client, local.tables.recipients, { jobId: { S: jobId }, userId: { N: String(userId) } });

describe('ses-events handler', () => {
  it('marks a bounced recipient once and counts it once, however often SNS redelivers', async () => {
    // Arrange
    const jobId = await sentJob(21, [401, 402]);
    const event = snsEvent(bounceRecord(ourTags(jobId, 401)));

    // Act
    await invoke(event);
    await invoke(event);

    // Assert
    const job = await jobs.getJob(jobId);
    expect(job?.counts).toMatchObject({ sent: 2, bounced: 1, complained: 0 });
    const bounced = await row(jobId, 401);
    expect(bounced).toMatchObject({
      status: { S: 'sent' },
      delivery: { S: 'bounced' },
      deliveryDetail: { S: 'Permanent/General' },
      deliveryAt: { N: String(Math.floor(Date.parse('2026-03-02T09:01:02.669Z') / 1000)) },
    });
    expect(JSON.stringify(bounced)).not.toContain('@');
    expect(await row(jobId, 402)).not.toHaveProperty('delivery');
  });

  it('records a transient bounce with its detail and counts it as bounced', async () => {
    // Arrange
    const jobId = await sentJob(22, [501]);

    // Act
    await invoke(snsEvent(bounceRecord(ourTags(jobId, 501), 'Transient', 'MailboxFull')));

    // Assert
    expect((await jobs.getJob(jobId))?.counts.bounced).toBe(1);
    expect(await row(jobId, 501)).toMatchObject({ deliveryDetail: { S: 'Transient/MailboxFull' } });
  });

  it('counts a complaint apart from a bounce of the same recipient, each once', async () => {
    // Arrange
    const jobId = await sentJob(23, [601]);

    // Act: one SNS event with both records, then the complaint again.
    await invoke(snsEvent(bounceRecord(ourTags(jobId, 601)), complaintRecord(ourTags(jobId, 601))));
    await invoke(snsEvent(complaintRecord(ourTags(jobId, 601))));

    // Assert
    expect((await jobs.getJob(jobId))?.counts).toMatchObject({ bounced: 1, complained: 1 });
    expect(await row(jobId, 601)).toMatchObject({ delivery: { S: 'complained' }, deliveryDetail: { S: 'abuse' } });
  });

  it('ignores records without our tags, for an unknown job, or for an unknown recipient, and creates no rows', async () => {
    // Arrange
    const jobId = await sentJob(24, [701]);

    // Act
    await invoke(
      snsEvent(
        bounceRecord({}),
        bounceRecord(ourTags('schedule-999-slot-1772442000', 701)),
        bounceRecord(ourTags(jobId, 702)),
        'not json',
      ),
    );

    // Assert
    expect((await jobs.getJob(jobId))?.counts).toMatchObject({ bounced: 0, complained: 0 });
    expect(await row(jobId, 702)).toBeUndefined();
    expect(await row('schedule-999-slot-1772442000', 701)).toBeUndefined();
    expect(await jobs.getJob('schedule-999-slot-1772442000')).toBeUndefined();
  });
});
