/**
 * The recurrence arithmetic: when a schedule's runs fall.
 *
 * Slot k is the anchor's local date-time (in the site zone) plus k whole periods, turned back into an instant.
 * Every slot is computed from the anchor, never from the slot before it, so a monthly schedule anchored on the
 * 31st clamps to the 28th/29th/30th in short months and returns to the 31st afterwards (Moodle drifts instead).
 * Slot 0 is the anchor instant itself, even if its wall time is ambiguous, so "slot 0 is done" can be judged
 * against the very value it came from.
 */
import { Temporal } from 'temporal-polyfill';
import type { Recurrence } from './schedule.js';

const SECONDS_PER_DAY = 86_400;
/** The Gregorian mean month (365.2425 / 12 days): only good for guessing an index, never for a slot. */
const SECONDS_PER_MEAN_MONTH = 2_629_746;

/**
 * The instant (epoch seconds) of slot `index` of a recurrence.
 *
 * Wall times keep the anchor's hours, minutes and seconds across DST. A wall time inside a spring-forward gap
 * moves forward by the gap (02:30 → 03:30); an ambiguous one in a fall-back overlap takes the earlier instant.
 *
 * @param anchorEpoch - epoch seconds of slot 0.
 * @param index - a whole number ≥ 0.
 * @param timeZone - a zone `isKnownTimeZone` accepts; Temporal throws `RangeError` for any other.
 */
export function computeSlot(recurrence: Recurrence, anchorEpoch: number, index: number, timeZone: string): number {
  return makeSlotLocator(recurrence, anchorEpoch, timeZone)(index);
}

/**
 * The index of the first slot strictly after `afterEpoch` (0 when `afterEpoch` is before the anchor).
 *
 * Costs a handful of slot computations whatever the anchor's age: the index is estimated from the elapsed
 * time and then corrected one step at a time, which DST and uneven months only ever need once or twice.
 */
export function findSlotIndexAfter(
  recurrence: Recurrence,
  anchorEpoch: number,
  afterEpoch: number,
  timeZone: string,
): number {
  requireWholeNumber('afterEpoch', afterEpoch);
  const slotAt = makeSlotLocator(recurrence, anchorEpoch, timeZone);
  if (afterEpoch < anchorEpoch) {
    return 0;
  }
  let index = Math.floor((afterEpoch - anchorEpoch) / approximatePeriodSeconds(recurrence));
  while (index > 0 && slotAt(index - 1) > afterEpoch) {
    index -= 1;
  }
  while (slotAt(index) <= afterEpoch) {
    index += 1;
  }
  return index;
}

/**
 * The first `count` slots strictly after `afterEpoch`, ascending, in epoch seconds.
 * When `afterEpoch` is before the anchor, the first slot returned is the anchor itself.
 */
export function listRunsAfter(
  recurrence: Recurrence,
  anchorEpoch: number,
  afterEpoch: number,
  count: number,
  timeZone: string,
): number[] {
  requireWholeNumber('count', count);
  const slotAt = makeSlotLocator(recurrence, anchorEpoch, timeZone);
  const runs: number[] = [];
  let index = findSlotIndexAfter(recurrence, anchorEpoch, afterEpoch, timeZone);
  while (runs.length < count) {
    const slot = slotAt(index);
    // A zone that skipped a whole calendar day (Pacific/Apia, 30 Dec 2011) maps two wall dates onto one
    // instant; a run happens once, so the duplicate is dropped.
    if (slot > (runs.at(-1) ?? afterEpoch)) {
      runs.push(slot);
    }
    index += 1;
  }
  return runs;
}

/** Builds `index → slot` for one anchor, converting the anchor to wall time once rather than per slot. */
function makeSlotLocator(recurrence: Recurrence, anchorEpoch: number, timeZone: string): (index: number) => number {
  requireWholeNumber('anchorEpoch', anchorEpoch);
  if (recurrence.frequency === 'custom' && !(Number.isSafeInteger(recurrence.everyDays) && recurrence.everyDays >= 1)) {
    throw new RangeError(`everyDays must be a whole number ≥ 1, got ${recurrence.everyDays}`);
  }
  const anchorLocal = Temporal.Instant.fromEpochMilliseconds(anchorEpoch * 1000)
    .toZonedDateTimeISO(timeZone)
    .toPlainDateTime();
  return (index) => {
    requireWholeNumber('index', index);
    if (index === 0) {
      return anchorEpoch;
    }
    // PlainDateTime.add constrains an overflowing day to the month's last day (31 Jan + 1 month = 28/29 Feb).
    const local = anchorLocal.add(periodsOf(recurrence, index));
    const zoned = local.toZonedDateTime(timeZone, { disambiguation: 'compatible' });
    return Math.floor(zoned.epochMilliseconds / 1000);
  };
}

function periodsOf(recurrence: Recurrence, count: number): Temporal.DurationLike {
  switch (recurrence.frequency) {
    case 'daily':
      return { days: count };
    case 'weekly':
      return { days: 7 * count };
    case 'monthly':
      return { months: count };
    case 'custom':
      return { days: recurrence.everyDays * count };
  }
}

function approximatePeriodSeconds(recurrence: Recurrence): number {
  switch (recurrence.frequency) {
    case 'daily':
      return SECONDS_PER_DAY;
    case 'weekly':
      return 7 * SECONDS_PER_DAY;
    case 'monthly':
      return SECONDS_PER_MEAN_MONTH;
    case 'custom':
      return recurrence.everyDays * SECONDS_PER_DAY;
  }
}

/** Guards the loops above: a NaN or infinite bound would never terminate. These are caller bugs, not bad data. */
function requireWholeNumber(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
  }
}
