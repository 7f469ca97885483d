/**
 * A ManiReports schedule: one row of `mdl_manireports_schedules` (columns, units and rules: docs/planning-rules.md).
 * `ScheduleRecord` is the row as read, with free-text enums; `Schedule` is the same row after
 * `validateSchedule` has checked every enum and range.
 */

export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'custom'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const ACTION_TYPES = ['email', 'certificate', 'both'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const CLOUD_PREFERENCES = ['auto', 'cloud', 'local'] as const;
export type CloudPreference = (typeof CLOUD_PREFERENCES)[number];

/** Days a `custom` schedule may wait between runs. */
export const CUSTOM_INTERVAL_DAYS = { min: 1, max: 365 } as const;

/** A schedule row exactly as the bridge read it. Times are Unix epoch seconds; 0 means "never / not set". */
export interface ScheduleRecord {
  id: number;
  userId: number;
  reportId: number;
  /** 0 = site-level schedule (its audience is its owner). */
  courseId: number;
  name: string;
  frequency: string;
  /** Days between runs when `frequency` is `custom`; 0 otherwise. */
  customInterval: number;
  actionType: string;
  cloudPreference: string;
  /** `course_modules.id` whose completion stops reminders; 0 = none. */
  suppressTarget: number;
  suppressCourseCompletion: boolean;
  enabled: boolean;
  lastRun: number;
  nextRun: number;
  timeCreated: number;
  timeModified: number;
}

/** How often a schedule runs. `everyDays` is only present for `custom`. */
export type Recurrence = { frequency: 'daily' | 'weekly' | 'monthly' } | { frequency: 'custom'; everyDays: number };

/** A schedule whose enums and ranges have been checked. */
export interface Schedule extends Omit<ScheduleRecord, 'frequency' | 'actionType' | 'cloudPreference'> {
  recurrence: Recurrence;
  actionType: ActionType;
  cloudPreference: CloudPreference;
}

/** Whether an action sends email (and so whether mail-only exclusions apply). */
export function sendsEmail(action: ActionType): boolean {
  return action === 'email' || action === 'both';
}
