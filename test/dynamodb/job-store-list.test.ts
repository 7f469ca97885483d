import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { type CloudJob, jobIdFor } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import { InvalidListingParameterError } from '#domain/listing.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { plannedJob, SLOT } from './fixtures.js';

let local: LocalDynamoDb;
let jobs: JobStore;

const HOUR = 3600;

/**
 * Eight jobs over two schedules, created an hour apart (newest: index 7). Schedule 71 has the even ones,
 * 72 the odd ones; every third (0, 3, 6) has failed.
 */
const JOBS: CloudJob[] = Array.from({ length: 8 }, (_, index) => {
  const scheduleId = index % 2 === 0 ? 71 : 72;
  const runSlot = SLOT + index * HOUR;
  return plannedJob(scheduleId, {
    jobId: jobIdFor(scheduleId, runSlot),
    runSlot,
    createdAt: runSlot + 5,
    status: index % 3 === 0 ? 'failed' : 'running',
  });
});
const idsOf = (indexes: number[]) => indexes.map((index) => JOBS[index]?.jobId);

beforeAll(async () => {
  local = await startLocalDynamoDb();
  jobs = makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs });
  for (const job of JOBS) await jobs.claimRun(job);
});
afterAll(() => local.stop());

/** Every page of a listing, following the cursors. */
async function listAll(filter: Parameters<JobStore['listJobs']>[0], limit: number) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await jobs.listJobs(filter, { limit, ...(cursor ? { cursor } : {}) });
    pages.push(page.items.map((job) => job.jobId));
    cursor = page.nextCursor;
  } while (cursor !== undefined && pages.length < 20);
  return pages;
}

describe('JobStore.listJobs on DynamoDB', () => {
  it('lists every job newest first, whole jobs with their counters', async () => {
    // Act
    const page = await jobs.listJobs({}, { limit: 100 });

    // Assert
    expect(page.items.map((job) => job.jobId)).toEqual(idsOf([7, 6, 5, 4, 3, 2, 1, 0]));
    expect(page.items[0]).toEqual(JOBS[7]);
    expect(page.nextCursor).toBeUndefined();
  });

  it('pages through with the cursor, each job exactly once', async () => {
    // Act
    const pages = await listAll({}, 3);

    // Assert
    expect(pages.slice(0, 3)).toEqual([idsOf([7, 6, 5]), idsOf([4, 3, 2]), idsOf([1, 0])]);
    expect(pages.flat()).toEqual(idsOf([7, 6, 5, 4, 3, 2, 1, 0]));
  });

  it('filters by schedule through its index, newest first', async () => {
    // Act
    const pages = await listAll({ scheduleId: 72 }, 3);

    // Assert
    expect(pages).toEqual([idsOf([7, 5, 3]), idsOf([1])]);
  });

  it('filters by status across pages without skipping a job', async () => {
    // Act
    const pages = await listAll({ status: 'failed' }, 2);

    // Assert: pages are filled from the index in order, the last one may be empty.
    expect(pages.flat()).toEqual(idsOf([6, 3, 0]));
    expect(pages[0]).toEqual(idsOf([6, 3]));
  });

  it('filters by creation time, both ends included, combined with schedule and status', async () => {
    // Arrange
    const from = (JOBS[2] as CloudJob).createdAt;
    const to = (JOBS[6] as CloudJob).createdAt;

    // Act
    const window = await jobs.listJobs({ createdFrom: from, createdTo: to }, { limit: 100 });
    const since = await jobs.listJobs({ createdFrom: from + 1 }, { limit: 100 });
    const until = await jobs.listJobs({ createdTo: from }, { limit: 100 });
    const combined = await jobs.listJobs(
      { scheduleId: 71, status: 'failed', createdFrom: from, createdTo: to },
      { limit: 100 },
    );

    // Assert
    expect(window.items.map((job) => job.jobId)).toEqual(idsOf([6, 5, 4, 3, 2]));
    expect(since.items.map((job) => job.jobId)).toEqual(idsOf([7, 6, 5, 4, 3]));
    expect(until.items.map((job) => job.jobId)).toEqual(idsOf([2, 1, 0]));
    expect(combined.items.map((job) => job.jobId)).toEqual(idsOf([6]));
  });

  it('answers an empty page for a schedule with no jobs', async () => {
    // Act
    const page = await jobs.listJobs({ scheduleId: 999 }, { limit: 10 });

    // Assert
    expect(page).toEqual({ items: [] });
  });

  it.each([0, 101, 2.5])('refuses limit %s, naming it', async (limit) => {
    // Act
    const refusal = await jobs.listJobs({}, { limit }).catch((error: unknown) => error);

    // Assert
    expect(refusal).toBeInstanceOf(InvalidListingParameterError);
    expect(refusal).toMatchObject({ field: 'limit' });
  });

  it('refuses a tampered, foreign or malformed cursor, naming it', async () => {
    // Arrange
    const first = await jobs.listJobs({ scheduleId: 71 }, { limit: 1 });
    const cursor = first.nextCursor as string;
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    const tampered = [
      encode({ ...key, scheduleId: 72 }), // another schedule's partition
      encode({ ...key, createdAt: 'soon' }), // wrong type
      encode({ ...key, extra: 1 }), // not a key of this index
      encode([1, 2]),
      'not base64 at all!',
      `${cursor}x`.repeat(200),
    ];

    // Act
    const withOwnCursor = await jobs.listJobs({ scheduleId: 71 }, { limit: 1, cursor });
    const outcomes = await Promise.allSettled(
      tampered.map((bad) => jobs.listJobs({ scheduleId: 71 }, { limit: 1, cursor: bad })),
    );
    const acrossIndexes = await jobs.listJobs({}, { limit: 1, cursor }).catch((error: unknown) => error);
    const outsideWindow = await jobs
      .listJobs({ scheduleId: 71, createdFrom: SLOT + 7 * HOUR }, { limit: 1, cursor })
      .catch((error: unknown) => error);

    // Assert
    expect(withOwnCursor.items.map((job) => job.jobId)).toEqual(idsOf([4]));
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason as unknown;
      expect(reason).toBeInstanceOf(InvalidListingParameterError);
      expect(reason).toMatchObject({ field: 'cursor' });
    }
    expect(acrossIndexes).toMatchObject({ field: 'cursor' });
    expect(outsideWindow).toMatchObject({ field: 'cursor' });
  });
});
