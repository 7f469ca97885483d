import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobNotFoundError } from '#adapters/dynamodb/dynamo-errors.js';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { ValidationError } from '#domain/errors.js';
import type { JobStore } from '#domain/job-store.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { plannedJob, readRawItem, SLOT } from './fixtures.js';

const NOW = SLOT + 600;

let local: LocalDynamoDb;
let jobs: JobStore;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  jobs = makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs });
});
afterAll(() => local.stop());

describe('addToCounts', () => {
  it('loses none of 50 concurrent additions', async () => {
    // Arrange
    const job = plannedJob(301, { status: 'running' });
    await jobs.claimRun(job);

    // Act
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        jobs.addToCounts(job.jobId, index % 5 === 0 ? { failed: 1 } : { sent: 1, certificates: 1 }, NOW + index),
      ),
    );

    // Assert
    expect((await jobs.getJob(job.jobId))?.counts).toEqual({
      total: 0,
      sent: 40,
      failed: 10,
      skipped: 0,
      unconfirmed: 0,
      unsent: 0,
      suppressed: 0,
      certificates: 40,
      bounced: 0,
      complained: 0,
    });
  });

  it('returns the job after the change and stamps when the counters moved', async () => {
    // Arrange
    const job = plannedJob(302, { status: 'running', counts: { ...plannedJob(302).counts, total: 10, sent: 3 } });
    await jobs.claimRun(job);

    // Act
    const after = await jobs.addToCounts(job.jobId, { sent: 2, skipped: 1, unconfirmed: 0 }, NOW);

    // Assert
    expect(after.counts).toMatchObject({ total: 10, sent: 5, skipped: 1, unconfirmed: 0 });
    const raw = await readRawItem(local.client, local.tables.jobs, { jobId: { S: job.jobId } });
    expect(raw?.countsUpdatedAt).toEqual({ N: String(NOW) });
  });

  it('throws JobNotFoundError for a missing job rather than creating a stub item', async () => {
    // Act
    const adding = jobs.addToCounts('schedule-999-slot-1', { sent: 1 }, NOW);

    // Assert
    await expect(adding).rejects.toBeInstanceOf(JobNotFoundError);
    expect(await readRawItem(local.client, local.tables.jobs, { jobId: { S: 'schedule-999-slot-1' } })).toBeUndefined();
  });

  it('refuses a fractional delta', async () => {
    // Arrange
    const job = plannedJob(303);
    await jobs.claimRun(job);

    // Act
    const adding = jobs.addToCounts(job.jobId, { sent: 0.5 }, NOW);

    // Assert
    await expect(adding).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('transition', () => {
  it('moves a job from the expected status only, stamping completedAt for a final one', async () => {
    // Arrange
    const job = plannedJob(311, { status: 'running', startedAt: SLOT + 20 });
    await jobs.claimRun(job);

    // Act
    const first = await jobs.transition(job.jobId, 'running', 'completed', NOW);
    const second = await jobs.transition(job.jobId, 'running', 'completed_with_failures', NOW + 1);

    // Assert
    expect([first, second]).toEqual([true, false]);
    expect(await jobs.getJob(job.jobId)).toMatchObject({ status: 'completed', completedAt: NOW, startedAt: SLOT + 20 });
  });

  it('records lastError, and leaves completedAt unset for a status that is not final', async () => {
    // Arrange
    const job = plannedJob(312);
    await jobs.claimRun(job);

    // Act
    const queued = await jobs.transition(job.jobId, 'planning', 'queued', NOW);
    const failed = await jobs.transition(job.jobId, 'queued', 'failed', NOW + 5, 'Moodle unreachable');

    // Assert
    expect([queued, failed]).toEqual([true, true]);
    expect(await jobs.getJob(job.jobId)).toMatchObject({
      status: 'failed',
      completedAt: NOW + 5,
      lastError: 'Moodle unreachable',
    });
  });

  it('keeps completedAt away from a job that moved to a status that is not final', async () => {
    // Arrange
    const job = plannedJob(313);
    await jobs.claimRun(job);

    // Act
    await jobs.transition(job.jobId, 'planning', 'running', NOW);

    // Assert
    expect((await jobs.getJob(job.jobId))?.completedAt).toBeUndefined();
  });

  it('answers false for a job that does not exist, without creating it', async () => {
    // Act
    const moved = await jobs.transition('schedule-999-slot-1', 'running', 'cancelled', NOW);

    // Assert
    expect(moved).toBe(false);
    expect(await jobs.getJob('schedule-999-slot-1')).toBeUndefined();
  });
});
