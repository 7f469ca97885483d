import { describe, expect, it } from 'vitest';
import { AppError, ValidationError } from '#domain/errors.js';
import type { ScheduleRecord } from '#domain/schedule.js';
import { parseRecurrence, ScheduleValidationError, validateSchedule } from '#domain/validate-schedule.js';

/** A valid daily row; each test breaks one column. */
function recordWith(overrides: Partial<ScheduleRecord>): ScheduleRecord {
  return {
    id: 42,
    userId: 2,
    reportId: 5,
    courseId: 3,
    name: 'Weekly overdue reminder',
    frequency: 'daily',
    customInterval: 0,
    actionType: 'email',
    cloudPreference: 'auto',
    suppressTarget: 0,
    suppressCourseCompletion: false,
    enabled: true,
    lastRun: 0,
    nextRun: 1_775_000_000,
    timeCreated: 1_770_000_000,
    timeModified: 1_770_000_000,
    ...overrides,
  };
}

/** Runs `validateSchedule` and returns the error it throws, failing the test when it throws none. */
function catchValidation(record: ScheduleRecord): ScheduleValidationError {
  try {
    validateSchedule(record);
  } catch (error) {
    if (error instanceof ScheduleValidationError) return error;
    throw error;
  }
  throw new Error('validateSchedule accepted a bad record');
}

describe('validateSchedule rejects', () => {
  it.each<[label: string, overrides: Partial<ScheduleRecord>, field: string, value: unknown, problem: RegExp]>([
    ['an unknown frequency', { frequency: 'hourly' }, 'frequency', 'hourly', /'daily', 'weekly', 'monthly', 'custom'/],
    ['a frequency in the wrong case', { frequency: 'Daily' }, 'frequency', 'Daily', /one of/],
    ['a custom interval of 0', { frequency: 'custom', customInterval: 0 }, 'custom_interval', 0, /from 1 to 365/],
    ['a custom interval of 366', { frequency: 'custom', customInterval: 366 }, 'custom_interval', 366, /from 1 to 365/],
    ['a custom interval of 2.5', { frequency: 'custom', customInterval: 2.5 }, 'custom_interval', 2.5, /whole number/],
    ['a negative custom interval', { frequency: 'custom', customInterval: -7 }, 'custom_interval', -7, /from 1 to 365/],
    ['an unknown action type', { actionType: 'sms' }, 'action_type', 'sms', /'email', 'certificate', 'both'/],
    [
      'an unknown cloud preference',
      { cloudPreference: 'always' },
      'cloud_preference',
      'always',
      /'auto', 'cloud', 'local'/,
    ],
    ['a negative lastrun', { lastRun: -1 }, 'lastrun', -1, /≥ 0/],
    ['a fractional nextrun', { nextRun: 1.5 }, 'nextrun', 1.5, /whole epoch seconds/],
    ['a negative timecreated', { timeCreated: -60 }, 'timecreated', -60, /≥ 0/],
  ])('%s, naming the column and the value', (_label, overrides, field, value, problem) => {
    // Arrange
    const record = recordWith(overrides);

    // Act
    const error = catchValidation(record);

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(AppError);
    expect(error.scheduleId).toBe(42);
    expect(error.field).toBe(field);
    expect(error.value).toBe(value);
    expect(error.problem).toMatch(problem);
    expect(error.message.startsWith(`schedule 42: ${field}: `)).toBe(true);
    expect(error.message).toContain(`(got ${JSON.stringify(value)})`);
  });

  it('a non-positive id', () => {
    // Arrange
    const record = recordWith({ id: 0 });

    // Act
    const error = catchValidation(record);

    // Assert
    expect(error.field).toBe('id');
    expect(error.message.startsWith('schedule 0: id: ')).toBe(true);
  });

  it('with a message a caller can log for one schedule before going on with the rest', () => {
    // Arrange
    const records = [recordWith({ id: 1 }), recordWith({ id: 2, frequency: 'yearly' }), recordWith({ id: 3 })];

    // Act
    const outcomes = records.map((record) => {
      try {
        return validateSchedule(record).id;
      } catch (error) {
        return error instanceof ScheduleValidationError ? error.message : 'unexpected';
      }
    });

    // Assert
    expect(outcomes).toEqual([
      1,
      `schedule 2: frequency: must be one of 'daily', 'weekly', 'monthly', 'custom' (got "yearly")`,
      3,
    ]);
    expect(new ScheduleValidationError(2, 'frequency', 'yearly', 'x').name).toBe('ScheduleValidationError');
  });
});

describe('validateSchedule accepts', () => {
  it.each([1, 10, 365])('a custom interval of %i days', (days) => {
    // Arrange
    const record = recordWith({ frequency: 'custom', customInterval: days });

    // Act
    const schedule = validateSchedule(record);

    // Assert
    expect(schedule.recurrence).toEqual({ frequency: 'custom', everyDays: days });
  });

  it.each<[string, number]>([
    ['daily', 0],
    ['weekly', 7],
    ['monthly', 999],
  ])('%s whatever its custom interval (%i), which only custom uses', (frequency, customInterval) => {
    // Arrange
    const record = recordWith({ frequency, customInterval });

    // Act
    const schedule = validateSchedule(record);

    // Assert
    expect(schedule.recurrence).toEqual({ frequency });
  });

  it('and returns the typed row with every other column unchanged', () => {
    // Arrange
    const record = recordWith({ frequency: 'weekly', actionType: 'both', cloudPreference: 'local', suppressTarget: 9 });

    // Act
    const schedule = validateSchedule(record);

    // Assert
    const { frequency: _frequency, ...unchanged } = record;
    expect(schedule).toEqual({ ...unchanged, recurrence: { frequency: 'weekly' } });
    expect(schedule).not.toHaveProperty('frequency');
  });
});

describe('parseRecurrence', () => {
  it('throws a plain ValidationError (no schedule id) for a bad interval', () => {
    // Act
    const act = () => parseRecurrence('custom', 0);

    // Assert
    expect(act).toThrow(ValidationError);
    expect(act).not.toThrow(ScheduleValidationError);
    expect(act).toThrow(/^custom_interval: /);
  });
});
