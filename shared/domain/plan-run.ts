/**
 * Whether one schedule is due now, and when it runs next.
 *
 * Missed runs collapse: however many slots passed since the last run (cron down, pipeline paused), the
 * schedule runs once, for the latest of them, and the others are only counted. Nothing is replayed.
 */
import { computeSlot, findSlotIndexAfter } from './run-slots.js';
import type { Schedule } from './schedule.js';
import { ScheduleValidationError } from './validate-schedule.js';

/** The `mdl_manireports_schedules` column a schedule's anchor was taken from. */
export type AnchorField = 'nextrun' | 'lastrun' | 'timecreated';

/** The instant slot 0 falls on, and where it came from. */
export interface ScheduleAnchor {
  /** Epoch seconds. */
  epoch: number;
  field: AnchorField;
}

interface RunPlanCommon {
  /** Epoch seconds of slot 0. */
  anchor: number;
  anchorField: AnchorField;
  /** Epoch seconds of the first slot after `now` that has not run yet. */
  nextRun: number;
}

/**
 * The decision for one schedule at one moment. When `due`, the schedule runs once, for `dueSlot`;
 * `skippedSlots` counts the other missed slots folded into that run.
 */
export type RunPlan =
  | (RunPlanCommon & { due: true; dueSlot: number; skippedSlots: number })
  | (RunPlanCommon & { due: false; dueSlot: null; skippedSlots: 0 });

/** The fields `planRun` reads. */
export type PlannableSchedule = Pick<Schedule, 'id' | 'recurrence' | 'lastRun' | 'nextRun' | 'timeCreated'>;

/**
 * The anchor of a schedule's slots: `nextRun`, else `lastRun`, else `timeCreated`, the first that is not 0.
 *
 * @throws ScheduleValidationError on `nextrun` when all three are 0: such a row has no time to count from.
 */
export function selectAnchor(schedule: Pick<Schedule, 'id' | 'lastRun' | 'nextRun' | 'timeCreated'>): ScheduleAnchor {
  if (schedule.nextRun !== 0) {
    return { epoch: schedule.nextRun, field: 'nextrun' };
  }
  if (schedule.lastRun !== 0) {
    return { epoch: schedule.lastRun, field: 'lastrun' };
  }
  if (schedule.timeCreated !== 0) {
    return { epoch: schedule.timeCreated, field: 'timecreated' };
  }
  throw new ScheduleValidationError(
    schedule.id,
    'nextrun',
    schedule.nextRun,
    'has no anchor: nextrun, lastrun and timecreated are all 0, so there is no time to count runs from',
  );
}

/**
 * Plans one schedule at `now` (epoch seconds) in the site zone.
 *
 * A slot is done when it is ≤ `lastRun` (0 = never ran). The schedule is due when a slot s has
 * `lastRun < s ≤ now`; `dueSlot` is the latest such slot and `skippedSlots` the number of the others.
 * `nextRun` is the first slot after both `now` and `lastRun`: normally just the first after `now`, but a
 * `lastRun` ahead of `now` (a clock skew between Moodle and the pipeline) must not be offered again.
 * Whether the schedule is enabled is the caller's concern.
 *
 * @throws ScheduleValidationError when the schedule has no anchor (see `selectAnchor`).
 */
export function planRun(schedule: PlannableSchedule, now: number, timeZone: string): RunPlan {
  const { epoch: anchor, field: anchorField } = selectAnchor(schedule);
  const { recurrence, lastRun } = schedule;
  // Slots [firstOpen, firstFuture) are exactly those in (lastRun, now]: slots strictly increase with their index.
  const firstOpen = findSlotIndexAfter(recurrence, anchor, lastRun, timeZone);
  const firstFuture = findSlotIndexAfter(recurrence, anchor, now, timeZone);
  const nextRun = computeSlot(recurrence, anchor, Math.max(firstOpen, firstFuture), timeZone);

  if (firstFuture <= firstOpen) {
    return { due: false, dueSlot: null, skippedSlots: 0, nextRun, anchor, anchorField };
  }
  const dueIndex = firstFuture - 1;
  return {
    due: true,
    dueSlot: computeSlot(recurrence, anchor, dueIndex, timeZone),
    skippedSlots: dueIndex - firstOpen,
    nextRun,
    anchor,
    anchorField,
  };
}
