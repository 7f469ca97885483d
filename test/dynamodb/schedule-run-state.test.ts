import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoScheduleRunStateStore } from '#adapters/dynamodb/dynamo-schedule-run-state-store.js';
import type { ScheduleRunState, ScheduleRunStateStore } from '#domain/schedule-run-state.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { SLOT } from './fixtures.js';

const HOUR = 3600;

let local: LocalDynamoDb;
let runs: ScheduleRunStateStore;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  runs = makeDynamoScheduleRunStateStore({ client: local.client, tableName: local.tables.scheduleRuns });
});
afterAll(() => local.stop());

function state(scheduleId: number, lastRunSlot: number, overrides: Partial<ScheduleRunState> = {}): ScheduleRunState {
  return { scheduleId, lastRunSlot, nextRun: lastRunSlot + HOUR, updatedAt: lastRunSlot + 30, ...overrides };
}

describe('schedule run state', () => {
  it('answers undefined before the first save, then reads back what was saved', async () => {
    // Arrange
    const seeded = state(501, 0, { nextRun: SLOT });

    // Act
    const before = await runs.get(501);
    const saved = await runs.save(seeded);
    const after = await runs.get(501);

    // Assert
    expect(before).toBeUndefined();
    expect(saved).toBe(true);
    expect(after).toEqual({ scheduleId: 501, lastRunSlot: 0, nextRun: SLOT, updatedAt: 30 });
  });

  it('moves forward from the slot the caller read and keeps the last job id', async () => {
    // Arrange
    await runs.save(state(502, SLOT));

    // Act
    const saved = await runs.save(state(502, SLOT + HOUR, { lastJobId: 'schedule-502-slot-1772445600' }), SLOT);

    // Assert
    expect(saved).toBe(true);
    expect(await runs.get(502)).toEqual({
      scheduleId: 502,
      lastRunSlot: SLOT + HOUR,
      nextRun: SLOT + 2 * HOUR,
      lastJobId: 'schedule-502-slot-1772445600',
      updatedAt: SLOT + HOUR + 30,
    });
  });

  it('refuses a save from a planner whose read is out of date, so the state never goes back', async () => {
    // Arrange: planner A and B both read SLOT; A saves SLOT + 2h first.
    await runs.save(state(503, SLOT));
    await runs.save(state(503, SLOT + 2 * HOUR), SLOT);

    // Act
    const staleB = await runs.save(state(503, SLOT + HOUR), SLOT);
    const backwardsUnconditional = await runs.save(state(503, SLOT + HOUR));
    const backwardsFromCurrent = await runs.save(state(503, SLOT + HOUR), SLOT + 2 * HOUR);

    // Assert
    expect([staleB, backwardsUnconditional, backwardsFromCurrent]).toEqual([false, false, false]);
    expect((await runs.get(503))?.lastRunSlot).toBe(SLOT + 2 * HOUR);
  });

  it('lets one of two planners saving the same step win', async () => {
    // Arrange
    await runs.save(state(504, SLOT));

    // Act
    const results = await Promise.all([
      runs.save(state(504, SLOT + HOUR, { lastJobId: 'from-a' }), SLOT),
      runs.save(state(504, SLOT + HOUR, { lastJobId: 'from-b' }), SLOT),
    ]);

    // Assert
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await runs.get(504))?.lastJobId).toBe(results[0] ? 'from-a' : 'from-b');
  });

  it('refuses a compare-and-set save when there is no state yet', async () => {
    // Act
    const saved = await runs.save(state(505, SLOT), 0);

    // Assert
    expect(saved).toBe(false);
    expect(await runs.get(505)).toBeUndefined();
  });
});
