/**
 * The dashboard's reads on the real stores (dynalite): the same jobs the status API lists, and failed recipients
 * read across pages when the dashboard shows more than one API page holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoRecipientLedger } from '#adapters/dynamodb/dynamo-recipient-ledger.js';
import { makeDynamoScheduleRunStateStore } from '#adapters/dynamodb/dynamo-schedule-run-state-store.js';
import type { DashboardData } from '#domain/dashboard-data.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import { makeDashboardData } from '#use-cases/read-dashboard.js';
import { plannedJob, SLOT } from '../dynamodb/fixtures.js';
import { openDemoMoodle } from '../pipeline/demo-moodle.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';

const NOW = SLOT + 60;
let local: LocalDynamoDb;
let data: DashboardData;
let jobId: string;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  const jobs = makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs });
  const ledger = makeDynamoRecipientLedger({
    client: local.client,
    tableName: local.tables.recipients,
    retentionSeconds: 86_400,
  });
  const job = plannedJob(31);
  jobId = job.jobId;
  await jobs.claimRun(job);
  // 130 failed recipients (more than one page of 100) and 5 sent ones in between.
  for (let userId = 1; userId <= 135; userId += 1) {
    await ledger.claim(jobId, userId, NOW, 120);
    const sent = userId % 27 === 0;
    await ledger.settle(jobId, userId, sent ? { status: 'sent' } : { status: 'failed', lastError: 'rejected' }, NOW);
  }
  data = makeDashboardData({
    jobs,
    ledger,
    runState: makeDynamoScheduleRunStateStore({ client: local.client, tableName: local.tables.scheduleRuns }),
    // The schedules are not read in these tests.
    bridge: {} as MoodleBridge,
    settings: { serverTimeZone: 'UTC' },
    clock: () => NOW,
  });
}, 120_000);
afterAll(async () => {
  await local.stop();
});

describe('dashboard reads', () => {
  it('reads failed recipients across pages, in user order, up to the limit asked for', async () => {
    // Act
    const all = await data.listFailedRecipients(jobId, 200);
    const capped = await data.listFailedRecipients(jobId, 120);

    // Assert
    expect(all).toHaveLength(130);
    expect(all.every((recipient) => recipient.status === 'failed')).toBe(true);
    expect(all.map((recipient) => recipient.userId)).toEqual(
      Array.from({ length: 135 }, (_, index) => index + 1).filter((userId) => userId % 27 !== 0),
    );
    expect(capped).toHaveLength(120);
  });

  it('shows the job as the status API does, and nothing for an unknown job', async () => {
    // Act
    const recent = await data.listRecentJobs(50);
    const unknown = await data.listFailedRecipients('schedule-99-slot-1', 10);

    // Assert
    expect(recent.map((job) => job.id)).toEqual([jobId]);
    expect(await data.getJob(jobId)).toEqual(recent[0]);
    expect(unknown).toEqual([]);
  });

  it("gives the site's zone as Moodle chooses it: forcetimezone, else timezone, else the server default", async () => {
    // Arrange: the demo Moodle (timezone Europe/London) behind the real SQL bridge, and two other sites.
    const demo = await openDemoMoodle();
    const site = { siteName: 'S', siteShortName: 's', guestUserId: 0 };
    const withSite = (timeZone: string, forceTimeZone: string, serverTimeZone = 'UTC') =>
      makeDashboardData({
        jobs: {} as never,
        ledger: {} as never,
        runState: {} as never,
        bridge: { readSite: async () => ({ ...site, timeZone, forceTimeZone }) } as unknown as MoodleBridge,
        settings: { serverTimeZone },
        clock: () => NOW,
      });

    // Act
    const zones = await Promise.all([
      makeDashboardData({ ...demoDeps(), bridge: demo.bridge }).siteTimeZone?.(),
      withSite('Europe/London', 'Asia/Tokyo').siteTimeZone?.(),
      withSite('99', '99', 'America/New_York').siteTimeZone?.(),
    ]).finally(() => demo.close());

    // Assert
    expect(zones).toEqual(['Europe/London', 'Asia/Tokyo', 'America/New_York']);
  });
});

function demoDeps() {
  return {
    jobs: {} as never,
    ledger: {} as never,
    runState: {} as never,
    settings: { serverTimeZone: 'UTC' },
    clock: () => NOW,
  };
}
