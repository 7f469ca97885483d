import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import type { JobStore } from '#domain/job-store.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { plannedJob, readRawItem, SLOT } from './fixtures.js';

let local: LocalDynamoDb;
let jobs: JobStore;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  jobs = makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs });
});
afterAll(() => local.stop());

describe('claimRun', () => {
  it('creates the job once and reads it back field for field', async () => {
    // Arrange
    const job = plannedJob(101, { startedAt: SLOT + 6, lastError: 'none yet' });

    // Act
    const result = await jobs.claimRun(job);
    const stored = await jobs.getJob('schedule-101-slot-1772442000');

    // Assert
    expect(result).toEqual({ claimed: true, job });
    expect(stored).toEqual(job);
  });

  it('hands a second claim of the same run the existing job, not its own', async () => {
    // Arrange
    const first = plannedJob(102, { routeExplanation: 'first planner' });
    await jobs.claimRun(first);

    // Act
    const second = await jobs.claimRun(plannedJob(102, { routeExplanation: 'second planner', createdAt: SLOT + 60 }));

    // Assert
    expect(second).toEqual({ claimed: false, existing: first });
  });

  it('lets exactly one of 10 concurrent claims win, and all others see the winner', async () => {
    // Arrange
    const contenders = Array.from({ length: 10 }, (_, index) =>
      plannedJob(103, { routeExplanation: `planner ${index}` }),
    );

    // Act
    const results = await Promise.all(contenders.map((job) => jobs.claimRun(job)));

    // Assert
    const winners = results.filter((result) => result.claimed);
    expect(winners).toHaveLength(1);
    const winner = winners[0]?.claimed ? winners[0].job : undefined;
    for (const result of results.filter((each) => !each.claimed)) {
      expect(result).toEqual({ claimed: false, existing: winner });
    }
    expect(await jobs.getJob('schedule-103-slot-1772442000')).toEqual(winner);
  });

  it('stores numbers as DynamoDB numbers and counters and fan-out fields as top-level attributes', async () => {
    // Arrange
    const job = plannedJob(104, { counts: { ...plannedJob(104).counts, total: 7, suppressed: 2 } });

    // Act
    await jobs.claimRun(job);
    const raw = await readRawItem(local.client, local.tables.jobs, { jobId: { S: 'schedule-104-slot-1772442000' } });

    // Assert
    expect(raw).toMatchObject({
      scheduleId: { N: '104' },
      runSlot: { N: '1772442000' },
      createdAt: { N: '1772442005' },
      countTotal: { N: '7' },
      countSuppressed: { N: '2' },
      countSent: { N: '0' },
      fanoutCursorUserId: { N: '0' },
      fanoutComplete: { BOOL: false },
      leaseOwner: { S: '' },
      leaseUntil: { N: '0' },
    });
  });

  it('masks an address quoted in lastError, since the job table must hold none', async () => {
    // Arrange
    const job = plannedJob(105, { lastError: 'SES said: Address blacklisted <ana.perez@example.org>' });

    // Act
    const result = await jobs.claimRun(job);

    // Assert
    expect(result.claimed && result.job.lastError).toBe('SES said: Address blacklisted <[email]>');
    expect((await jobs.getJob(job.jobId))?.lastError).toBe('SES said: Address blacklisted <[email]>');
  });

  it('answers undefined for a job that does not exist', async () => {
    // Act
    const job = await jobs.getJob('schedule-999-slot-1');

    // Assert
    expect(job).toBeUndefined();
  });
});
