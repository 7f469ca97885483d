/**
 * Turns a schedule row as read from Moodle into a `Schedule` whose enums and ranges hold, or says which
 * column of which schedule is wrong.
 */
import { ValidationError } from './errors.js';
import {
  ACTION_TYPES,
  CLOUD_PREFERENCES,
  CUSTOM_INTERVAL_DAYS,
  FREQUENCIES,
  type Recurrence,
  type Schedule,
  type ScheduleRecord,
} from './schedule.js';

/**
 * A schedule row that breaks a rule. Carries the schedule's id so that a caller planning many schedules can
 * report the bad one and go on with the rest. `field` is the `mdl_manireports_schedules` column name.
 */
export class ScheduleValidationError extends ValidationError {
  constructor(
    readonly scheduleId: number,
    field: string,
    value: unknown,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(field, value, problem, options);
    this.message = `schedule ${scheduleId}: ${this.message}`;
  }
}

/** Epoch-second columns, by their property and their column name; 0 means "never / not set". */
const TIME_COLUMNS = [
  ['lastRun', 'lastrun'],
  ['nextRun', 'nextrun'],
  ['timeCreated', 'timecreated'],
  ['timeModified', 'timemodified'],
] as const;

/**
 * Checks every enum and range of a schedule row and returns it typed.
 * `customInterval` is only checked (and only used) when `frequency` is `custom`; Moodle stores 0 otherwise.
 *
 * @throws ScheduleValidationError naming the first bad column (`id`, a time column, `frequency`,
 *   `custom_interval`, `action_type` or `cloud_preference`).
 */
export function validateSchedule(record: ScheduleRecord): Schedule {
  const fail = (field: string, value: unknown, problem: string): never => {
    throw new ScheduleValidationError(record.id, field, value, problem);
  };

  if (!Number.isSafeInteger(record.id) || record.id < 1) {
    fail('id', record.id, 'must be a positive whole number');
  }
  for (const [property, column] of TIME_COLUMNS) {
    const value = record[property];
    if (!Number.isSafeInteger(value) || value < 0) {
      fail(column, value, 'must be whole epoch seconds ≥ 0 (0 = not set)');
    }
  }
  let recurrence: Recurrence;
  try {
    recurrence = parseRecurrence(record.frequency, record.customInterval);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ScheduleValidationError(record.id, error.field, error.value, error.problem, { cause: error });
  }
  const { actionType, cloudPreference } = record;
  if (!isOneOf(ACTION_TYPES, actionType)) {
    return fail('action_type', actionType, `must be one of ${listAllowed(ACTION_TYPES)}`);
  }
  if (!isOneOf(CLOUD_PREFERENCES, cloudPreference)) {
    return fail('cloud_preference', cloudPreference, `must be one of ${listAllowed(CLOUD_PREFERENCES)}`);
  }

  const { frequency: _frequency, ...rest } = record;
  return { ...rest, recurrence, actionType, cloudPreference };
}

/**
 * The recurrence a `frequency` and `custom_interval` pair describes. `customInterval` (days) is only checked
 * for `custom`; any other frequency ignores it.
 *
 * @throws ValidationError on `frequency` (not one of FREQUENCIES) or `custom_interval` (not a whole number
 *   from 1 to 365 for `custom`).
 */
export function parseRecurrence(frequency: string, customInterval: number): Recurrence {
  if (!isOneOf(FREQUENCIES, frequency)) {
    throw new ValidationError('frequency', frequency, `must be one of ${listAllowed(FREQUENCIES)}`);
  }
  if (frequency !== 'custom') {
    return { frequency };
  }
  const { min, max } = CUSTOM_INTERVAL_DAYS;
  if (!Number.isInteger(customInterval) || customInterval < min || customInterval > max) {
    throw new ValidationError(
      'custom_interval',
      customInterval,
      `must be a whole number of days from ${min} to ${max} for a custom schedule`,
    );
  }
  return { frequency, everyDays: customInterval };
}

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

function listAllowed(allowed: readonly string[]): string {
  return allowed.map((value) => `'${value}'`).join(', ');
}
