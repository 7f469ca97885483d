import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FanoutLeaseLostError, JobNotFoundError } from '#adapters/dynamodb/dynamo-errors.js';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import type { CloudJob } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { plannedJob, SLOT } from './fixtures.js';

const NOW = SLOT + 10;
const LEASE = 300;

let local: LocalDynamoDb;
let jobs: JobStore;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  jobs = makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs });
});
afterAll(() => local.stop());

async function claimed(scheduleId: number, overrides: Partial<CloudJob> = {}): Promise<string> {
  const job = plannedJob(scheduleId, overrides);
  await jobs.claimRun(job);
  return job.jobId;
}

describe('acquireFanoutLease', () => {
  it('takes a free lease, refuses another owner while it runs, renews for its owner, and yields once expired', async () => {
    // Arrange
    const jobId = await claimed(201);

    // Act
    const taken = await jobs.acquireFanoutLease(jobId, 'planner-a', NOW, LEASE);
    const contested = await jobs.acquireFanoutLease(jobId, 'planner-b', NOW + 299, LEASE);
    const renewed = await jobs.acquireFanoutLease(jobId, 'planner-a', NOW + 100, LEASE);
    const beforeRenewedExpiry = await jobs.acquireFanoutLease(jobId, 'planner-b', NOW + 399, LEASE);
    const stolen = await jobs.acquireFanoutLease(jobId, 'planner-b', NOW + 401, LEASE);
    const lostByA = await jobs.acquireFanoutLease(jobId, 'planner-a', NOW + 402, LEASE);

    // Assert
    expect([taken, contested, renewed, beforeRenewedExpiry, stolen, lostByA]).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect((await jobs.getJob(jobId))?.fanout).toEqual({
      cursorUserId: 0,
      complete: false,
      leaseOwner: 'planner-b',
      leaseUntil: NOW + 401 + 300,
    });
  });

  it('refuses a lease on a completed fan-out and on a job that does not exist', async () => {
    // Arrange
    const jobId = await claimed(202, {
      fanout: { cursorUserId: 40, complete: true, leaseOwner: 'planner-a', leaseUntil: 0 },
    });

    // Act
    const onComplete = await jobs.acquireFanoutLease(jobId, 'planner-a', NOW, LEASE);
    const onMissing = await jobs.acquireFanoutLease('schedule-999-slot-1', 'planner-a', NOW, LEASE);

    // Assert
    expect(onComplete).toBe(false);
    expect(onMissing).toBe(false);
    expect(await jobs.getJob('schedule-999-slot-1')).toBeUndefined();
  });
});

describe('recordFanoutPage', () => {
  it('moves the cursor and adds to total and suppressed, page after page', async () => {
    // Arrange
    const jobId = await claimed(211);
    await jobs.acquireFanoutLease(jobId, 'planner-a', NOW, LEASE);

    // Act
    const first = await jobs.recordFanoutPage(jobId, 'planner-a', { cursorUserId: 120, enqueued: 48, suppressed: 2 });
    const second = await jobs.recordFanoutPage(jobId, 'planner-a', { cursorUserId: 250, enqueued: 30, suppressed: 0 });

    // Assert
    expect([first, second]).toEqual([true, true]);
    const job = await jobs.getJob(jobId);
    expect(job?.fanout.cursorUserId).toBe(250);
    expect(job?.counts).toMatchObject({ total: 78, suppressed: 2 });
  });

  it('adds a replayed page (same cursor twice) only once', async () => {
    // Arrange
    const jobId = await claimed(212);
    await jobs.acquireFanoutLease(jobId, 'planner-a', NOW, LEASE);
    const page = { cursorUserId: 120, enqueued: 48, suppressed: 2 };

    // Act
    const first = await jobs.recordFanoutPage(jobId, 'planner-a', page);
    const replay = await jobs.recordFanoutPage(jobId, 'planner-a', page);
    const backwards = await jobs.recordFanoutPage(jobId, 'planner-a', { ...page, cursorUserId: 119 });

    // Assert
    expect([first, replay, backwards]).toEqual([true, false, false]);
    const job = await jobs.getJob(jobId);
    expect(job?.fanout.cursorUserId).toBe(120);
    expect(job?.counts).toMatchObject({ total: 48, suppressed: 2 });
  });

  it('refuses a page from a planner whose lease was taken over, and counts nothing from it', async () => {
    // Arrange
    const jobId = await claimed(213);
    await jobs.acquireFanoutLease(jobId, 'planner-a', NOW, LEASE);
    await jobs.recordFanoutPage(jobId, 'planner-a', { cursorUserId: 100, enqueued: 25, suppressed: 0 });
    await jobs.acquireFanoutLease(jobId, 'planner-b', NOW + LEASE + 1, LEASE);

    // Act
    const late = await jobs.recordFanoutPage(jobId, 'planner-a', { cursorUserId: 200, enqueued: 25, suppressed: 1 });

    // Assert
    expect(late).toBe(false);
    const job = await jobs.getJob(jobId);
    expect(job?.fanout).toMatchObject({ cursorUserId: 100, leaseOwner: 'planner-b' });
    expect(job?.counts).toMatchObject({ total: 25, suppressed: 0 });
  });
});

describe('completeFanout', () => {
  it('settles a job with nobody to reach as completed at once', async () => {
    // Arrange
    const jobId = await claimed(221);
    await jobs.acquireFanoutLease(jobId, 'planner-a', NOW, LEASE);
    await jobs.recordFanoutPage(jobId, 'planner-a', { cursorUserId: 90, enqueued: 0, suppressed: 3 });

    // Act
    const job = await jobs.completeFanout(jobId, 'planner-a', NOW + 20);

    // Assert
    expect(job).toMatchObject({ status: 'completed', startedAt: NOW + 20, completedAt: NOW + 20 });
    expect(job.fanout.complete).toBe(true);
    expect(job.counts).toMatchObject({ total: 0, suppressed: 3 });
    expect(await jobs.getJob(jobId)).toEqual(job);
  });

  it('starts a job with recipients (running, startedAt) and answers the same when called again', async () => {
    // Arrange
    const jobId = await claimed(222, { status: 'queued' });
    await jobs.acquireFanoutLease(jobId, 'planner-a', NOW, LEASE);
    await jobs.recordFanoutPage(jobId, 'planner-a', { cursorUserId: 300, enqueued: 73, suppressed: 4 });

    // Act
    const job = await jobs.completeFanout(jobId, 'planner-a', NOW + 30);
    const again = await jobs.completeFanout(jobId, 'planner-a', NOW + 90);

    // Assert
    expect(job).toMatchObject({
      status: 'running',
      startedAt: NOW + 30,
      fanout: { complete: true, cursorUserId: 300 },
    });
    expect(job.completedAt).toBeUndefined();
    expect(again).toEqual(job);
  });

  it('settles at once when the workers finished every recipient before the fan-out was marked complete', async () => {
    // Arrange
    const jobId = await claimed(223);
    await jobs.acquireFanoutLease(jobId, 'planner-a', NOW, LEASE);
    await jobs.recordFanoutPage(jobId, 'planner-a', { cursorUserId: 50, enqueued: 3, suppressed: 0 });
    await jobs.addToCounts(jobId, { sent: 2, failed: 1 }, NOW + 5);

    // Act
    const job = await jobs.completeFanout(jobId, 'planner-a', NOW + 40);

    // Assert
    expect(job).toMatchObject({ status: 'completed_with_failures', startedAt: NOW + 40, completedAt: NOW + 40 });
  });

  it('throws FanoutLeaseLostError for a planner that no longer holds the lease, leaving the job as it was', async () => {
    // Arrange
    const jobId = await claimed(224);
    await jobs.acquireFanoutLease(jobId, 'planner-a', NOW, LEASE);
    await jobs.acquireFanoutLease(jobId, 'planner-b', NOW + LEASE + 1, LEASE);

    // Act
    const completing = jobs.completeFanout(jobId, 'planner-a', NOW + LEASE + 2);

    // Assert
    await expect(completing).rejects.toBeInstanceOf(FanoutLeaseLostError);
    expect(await jobs.getJob(jobId)).toMatchObject({ status: 'planning', fanout: { complete: false } });
  });

  it('throws JobNotFoundError for a job that does not exist', async () => {
    // Act
    const completing = jobs.completeFanout('schedule-999-slot-1', 'planner-a', NOW);

    // Assert
    await expect(completing).rejects.toBeInstanceOf(JobNotFoundError);
  });
});
