/**
 * `GET /schedules`' use case on the demo Moodle in every database, with the planner's run state in dynalite. The
 * expected next runs are worked out by hand from shared/adapters/moodle-demo/demo-schedules.ts (site zone
 * Europe/London, which is UTC in January).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoScheduleRunStateStore } from '#adapters/dynamodb/dynamo-schedule-run-state-store.js';
import { openMoodleBridgeOnClient } from '#adapters/moodle/open-moodle-bridge.js';
import { jobIdFor } from '#domain/cloud-job.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import { makeListSchedules } from '#use-cases/list-schedules.js';
import { AT_2026 } from '../bridge/demo-expectations.js';
import { plannedJob } from '../dynamodb/fixtures.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { testTargets, useTestDatabase } from '../support/test-databases.js';

/** 2026-01-20T12:00:00Z. */
const JAN_20_NOON = 1_768_910_400;
/** 2026-01-20 08:00 and 2026-01-26 08:00 UTC: slots of schedules 1 and 2. */
const JAN_20_0800 = 1_768_896_000;
const JAN_26_0800 = 1_769_414_400;

let local: LocalDynamoDb;
beforeAll(async () => {
  local = await startLocalDynamoDb();
  const jobs = makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs });
  const runState = makeDynamoScheduleRunStateStore({ client: local.client, tableName: local.tables.scheduleRuns });
  // Schedule 1 ran its 2026-01-20 08:00 slot and its job completed.
  const jobId = jobIdFor(1, JAN_20_0800);
  await jobs.claimRun(plannedJob(1, { jobId, runSlot: JAN_20_0800, createdAt: JAN_20_0800, status: 'completed' }));
  await runState.save({
    scheduleId: 1,
    lastRunSlot: JAN_20_0800,
    nextRun: 0,
    lastJobId: jobId,
    updatedAt: JAN_20_0800,
  });
  // Schedule 2's state is ahead of the clock (Moodle's clock ran fast), and its job is gone.
  await runState.save({
    scheduleId: 2,
    lastRunSlot: JAN_26_0800,
    nextRun: 0,
    lastJobId: 'schedule-2-slot-gone',
    updatedAt: JAN_20_0800,
  });
});
afterAll(() => local.stop());

const overview = (
  id: number,
  name: string,
  fields: {
    actionType: string;
    cloudPreference: string;
    frequency: string;
    intervalDays?: number;
    enabled?: boolean;
    nextRun: string | null;
    lastJob?: { id: string; status: string };
  },
) => ({ id, name, enabled: true, intervalDays: null, lastJob: null, ...fields });

describe.each(testTargets())('[%s] list schedules for the status API', (target) => {
  const database = useTestDatabase(target);
  let bridge: MoodleBridge;

  beforeEach(async () => {
    bridge ??= await openMoodleBridgeOnClient(database().client, { description: `${target} test database` });
  });

  const listAt = (at: number) =>
    makeListSchedules({
      bridge,
      jobs: makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs }),
      runState: makeDynamoScheduleRunStateStore({ client: local.client, tableName: local.tables.scheduleRuns }),
      settings: { serverTimeZone: 'UTC' },
      clock: () => at,
    })();

  it('lists every schedule with recurrence, next run from the run state, and last job', async () => {
    // Act
    const schedules = await listAt(JAN_20_NOON);

    // Assert
    expect(schedules).toEqual([
      overview(1, 'Workplace Safety daily reminder', {
        actionType: 'email',
        cloudPreference: 'auto',
        frequency: 'daily',
        nextRun: '2026-01-21T08:00:00Z',
        lastJob: { id: 'schedule-1-slot-1768896000', status: 'completed' },
      }),
      // The stored slot (01-26) is ahead of now: the next run is the slot after it.
      overview(2, 'Safety quiz weekly nudge', {
        actionType: 'email',
        cloudPreference: 'cloud',
        frequency: 'weekly',
        nextRun: '2026-02-02T08:00:00Z',
      }),
      overview(3, 'Workplace Safety monthly certificates', {
        actionType: 'certificate',
        cloudPreference: 'local',
        frequency: 'monthly',
        nextRun: '2026-02-01T07:30:00Z',
      }),
      overview(4, 'Edge Cases digest every 3 days', {
        actionType: 'both',
        cloudPreference: 'auto',
        frequency: 'custom',
        intervalDays: 3,
        nextRun: '2026-01-21T17:00:00Z',
      }),
      overview(5, 'Onboarding weekly welcome', {
        actionType: 'both',
        cloudPreference: 'auto',
        frequency: 'weekly',
        nextRun: '2026-01-26T06:00:00Z',
      }),
      overview(6, 'Onboarding fortnightly certificates', {
        actionType: 'certificate',
        cloudPreference: 'cloud',
        frequency: 'custom',
        intervalDays: 14,
        nextRun: '2026-02-02T06:00:00Z',
      }),
      overview(7, 'Admin weekly site summary', {
        actionType: 'email',
        cloudPreference: 'local',
        frequency: 'weekly',
        nextRun: '2026-01-26T08:00:00Z',
      }),
      overview(8, 'My safety quiz certificate', {
        actionType: 'certificate',
        cloudPreference: 'cloud',
        frequency: 'daily',
        nextRun: '2026-01-21T08:00:00Z',
      }),
      // Disabled: shown, with no next run.
      overview(9, 'Old safety reminder (disabled)', {
        actionType: 'email',
        cloudPreference: 'auto',
        frequency: 'daily',
        enabled: false,
        nextRun: null,
      }),
      // Invalid (custom every 0 days): the planner never runs it.
      overview(10, 'Broken custom schedule (every 0 days)', {
        actionType: 'email',
        cloudPreference: 'auto',
        frequency: 'custom',
        intervalDays: 0,
        nextRun: null,
      }),
    ]);
  });

  it("answers each schedule's nextrun column before its first run", async () => {
    // Act
    const schedules = await listAt(AT_2026);

    // Assert: schedules 3–8 have never run and no run state; their first slot is the nextrun column.
    expect(Object.fromEntries(schedules.map((schedule) => [schedule.id, schedule.nextRun]))).toEqual({
      1: '2026-01-21T08:00:00Z', // run state (lastRunSlot 01-20 08:00) rules over the columns
      2: '2026-02-02T08:00:00Z',
      3: '2026-02-01T07:30:00Z',
      4: '2026-01-15T17:00:00Z',
      5: '2026-01-19T06:00:00Z',
      6: '2026-01-19T06:00:00Z',
      7: '2026-01-12T08:00:00Z',
      8: '2026-01-12T08:00:00Z',
      9: null, // disabled
      10: null,
    });
  });
});
