import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.js';
import { type PlannableSchedule, planRun } from '#domain/plan-run.js';
import type { Recurrence } from '#domain/schedule.js';
import { ScheduleValidationError } from '#domain/validate-schedule.js';

// Expected instants are hand-written wall times with offsets, parsed by Date.parse (not by the code under test).
const epochOf = (iso: string): number => Date.parse(iso) / 1000;
const BERLIN = 'Europe/Berlin';
const DAILY: Recurrence = { frequency: 'daily' };

/** A schedule with only the fields planRun reads; times given as ISO strings, '' meaning 0 (not set). */
function scheduleOf(times: { nextRun?: string; lastRun?: string; timeCreated?: string }, recurrence = DAILY) {
  const toEpoch = (iso: string | undefined) => (iso ? epochOf(iso) : 0);
  return {
    id: 7,
    recurrence,
    nextRun: toEpoch(times.nextRun),
    lastRun: toEpoch(times.lastRun),
    timeCreated: toEpoch(times.timeCreated),
  } satisfies PlannableSchedule;
}

describe('planRun: missed runs collapse into one', () => {
  it.each([
    ['ran on its slot 10 days ago', '2026-04-05T08:00:00+02:00'],
    ['ran 3 minutes late 10 days ago', '2026-04-05T08:03:12+02:00'],
  ])('daily anchored 30 days ago, %s: runs once for today, 9 skipped', (_label, lastRunIso) => {
    // Arrange: slots 6..15 April 08:00 are not done (10 of them); today's is due, the 9 others collapse.
    const schedule = scheduleOf({ nextRun: '2026-03-16T08:00:00+01:00', lastRun: lastRunIso });

    // Act
    const plan = planRun(schedule, epochOf('2026-04-15T10:00:00+02:00'), BERLIN);

    // Assert
    expect(plan).toEqual({
      due: true,
      dueSlot: epochOf('2026-04-15T08:00:00+02:00'),
      skippedSlots: 9,
      nextRun: epochOf('2026-04-16T08:00:00+02:00'),
      anchor: epochOf('2026-03-16T08:00:00+01:00'),
      anchorField: 'nextrun',
    });
  });

  it("runs for yesterday's slot when today's has not come yet", () => {
    // Arrange: slots 6..14 April are not done (9); the 14th is due, 8 collapse.
    const schedule = scheduleOf({ nextRun: '2026-03-16T08:00:00+01:00', lastRun: '2026-04-05T08:00:00+02:00' });

    // Act
    const plan = planRun(schedule, epochOf('2026-04-15T07:00:00+02:00'), BERLIN);

    // Assert
    expect(plan).toMatchObject({
      due: true,
      dueSlot: epochOf('2026-04-14T08:00:00+02:00'),
      skippedSlots: 8,
      nextRun: epochOf('2026-04-15T08:00:00+02:00'),
    });
  });

  it('collapses monthly slots on the 31st and plans the clamped 30 April next', () => {
    // Arrange: never ran; 31 Jan, 28 Feb and 31 Mar have passed.
    const schedule = scheduleOf(
      { nextRun: '2026-01-31T10:00:00+01:00', timeCreated: '2026-01-20T09:00:00+01:00' },
      { frequency: 'monthly' },
    );

    // Act
    const plan = planRun(schedule, epochOf('2026-04-30T09:00:00+02:00'), BERLIN);

    // Assert
    expect(plan).toMatchObject({
      due: true,
      dueSlot: epochOf('2026-03-31T10:00:00+02:00'),
      skippedSlots: 2,
      nextRun: epochOf('2026-04-30T10:00:00+02:00'),
    });
  });

  it('collapses across the Sydney end of DST and keeps 07:00 local', () => {
    // Arrange: slots 4 Apr 07:00 AEDT and 5 Apr 07:00 AEST are missed.
    const schedule = scheduleOf({ nextRun: '2026-04-03T07:00:00+11:00', lastRun: '2026-04-03T07:00:00+11:00' });

    // Act
    const plan = planRun(schedule, epochOf('2026-04-06T06:59:59+10:00'), 'Australia/Sydney');

    // Assert
    expect(plan).toMatchObject({
      due: true,
      dueSlot: epochOf('2026-04-05T07:00:00+10:00'),
      skippedSlots: 1,
      nextRun: epochOf('2026-04-06T07:00:00+10:00'),
    });
  });

  it('handles a daily schedule created in 2016 that never ran', () => {
    // Arrange: 2016-01-04 to 2026-03-30 is 3,653 + 85 = 3,738 days, so slots 0..3738 have passed.
    const schedule = scheduleOf({ timeCreated: '2016-01-04T08:00:00+01:00' });

    // Act
    const plan = planRun(schedule, epochOf('2026-03-30T12:00:00+02:00'), BERLIN);

    // Assert
    expect(plan).toMatchObject({
      due: true,
      dueSlot: epochOf('2026-03-30T08:00:00+02:00'),
      skippedSlots: 3738,
      nextRun: epochOf('2026-03-31T08:00:00+02:00'),
      anchorField: 'timecreated',
    });
  });

  it('does not count slots before lastRun when the stale nextrun anchor is from 2016', () => {
    // Arrange
    const schedule = scheduleOf({ nextRun: '2016-01-04T08:00:00+01:00', lastRun: '2026-03-29T08:00:00+02:00' });

    // Act
    const plan = planRun(schedule, epochOf('2026-03-30T12:00:00+02:00'), BERLIN);

    // Assert
    expect(plan).toMatchObject({ due: true, dueSlot: epochOf('2026-03-30T08:00:00+02:00'), skippedSlots: 0 });
  });
});

describe('planRun: anchors', () => {
  it('counts from lastRun when nextrun is 0, so the run it records is done', () => {
    // Arrange
    const schedule = scheduleOf({ lastRun: '2026-04-14T08:00:00+02:00', timeCreated: '2026-01-01T00:00:00+01:00' });

    // Act
    const plan = planRun(schedule, epochOf('2026-04-14T20:00:00+02:00'), BERLIN);

    // Assert
    expect(plan).toEqual({
      due: false,
      dueSlot: null,
      skippedSlots: 0,
      nextRun: epochOf('2026-04-15T08:00:00+02:00'),
      anchor: epochOf('2026-04-14T08:00:00+02:00'),
      anchorField: 'lastrun',
    });
  });

  it('is due one period after lastRun when anchored on lastRun', () => {
    // Arrange
    const schedule = scheduleOf({ lastRun: '2026-04-14T08:00:00+02:00' });

    // Act
    const plan = planRun(schedule, epochOf('2026-04-15T08:00:00+02:00'), BERLIN);

    // Assert
    expect(plan).toMatchObject({
      due: true,
      dueSlot: epochOf('2026-04-15T08:00:00+02:00'),
      skippedSlots: 0,
      nextRun: epochOf('2026-04-16T08:00:00+02:00'),
    });
  });

  it('waits a whole week after lastRun for a weekly schedule anchored on it', () => {
    // Arrange
    const schedule = scheduleOf({ lastRun: '2026-04-14T08:00:00+02:00' }, { frequency: 'weekly' });

    // Act
    const plan = planRun(schedule, epochOf('2026-04-20T09:00:00+02:00'), BERLIN);

    // Assert
    expect(plan).toMatchObject({ due: false, nextRun: epochOf('2026-04-21T08:00:00+02:00') });
  });

  it('is due at once for a never-run schedule anchored on timecreated', () => {
    // Arrange: slots 10, 11 and 12 April 09:30 have passed.
    const schedule = scheduleOf({ timeCreated: '2026-04-10T09:30:00+02:00' });

    // Act
    const plan = planRun(schedule, epochOf('2026-04-12T12:00:00+02:00'), BERLIN);

    // Assert
    expect(plan).toEqual({
      due: true,
      dueSlot: epochOf('2026-04-12T09:30:00+02:00'),
      skippedSlots: 2,
      nextRun: epochOf('2026-04-13T09:30:00+02:00'),
      anchor: epochOf('2026-04-10T09:30:00+02:00'),
      anchorField: 'timecreated',
    });
  });

  it('is not due while the anchor is in the future, and plans the anchor next', () => {
    // Arrange
    const schedule = scheduleOf({ nextRun: '2026-05-01T08:00:00+02:00', lastRun: '2026-04-01T08:00:00+02:00' });

    // Act
    const plan = planRun(schedule, epochOf('2026-04-15T10:00:00+02:00'), BERLIN);

    // Assert
    expect(plan).toMatchObject({ due: false, dueSlot: null, nextRun: epochOf('2026-05-01T08:00:00+02:00') });
  });

  it.each([
    ['exactly at nextrun: due', '2026-04-15T08:00:00+02:00', true, '2026-04-16T08:00:00+02:00'],
    ['one second before nextrun: not due', '2026-04-15T07:59:59+02:00', false, '2026-04-15T08:00:00+02:00'],
  ])('%s', (_label, nowIso, due, nextRunIso) => {
    // Arrange
    const schedule = scheduleOf({ nextRun: '2026-04-15T08:00:00+02:00', lastRun: '2026-04-14T08:00:00+02:00' });

    // Act
    const plan = planRun(schedule, epochOf(nowIso), BERLIN);

    // Assert
    expect(plan.due).toBe(due);
    expect(plan.nextRun).toBe(epochOf(nextRunIso));
  });

  it('does not offer a slot that lastRun already covers when lastRun is ahead of now (clock skew)', () => {
    // Arrange: Moodle recorded the 16 April run while the pipeline's clock still reads 15 April.
    const schedule = scheduleOf({ nextRun: '2026-04-15T08:00:00+02:00', lastRun: '2026-04-16T08:00:30+02:00' });

    // Act
    const plan = planRun(schedule, epochOf('2026-04-15T20:00:00+02:00'), BERLIN);

    // Assert
    expect(plan).toMatchObject({ due: false, nextRun: epochOf('2026-04-17T08:00:00+02:00') });
  });

  it('rejects a schedule with no anchor, naming nextrun and the schedule', () => {
    // Arrange
    const schedule = scheduleOf({});

    // Act
    const act = () => planRun(schedule, epochOf('2026-04-15T10:00:00+02:00'), BERLIN);

    // Assert
    expect(act).toThrow(ScheduleValidationError);
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(/^schedule 7: nextrun: .*nextrun, lastrun and timecreated are all 0/);
  });
});
