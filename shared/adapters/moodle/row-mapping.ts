/** Moodle rows → domain records: snake_case to camelCase, 0/1 to booleans, driver integers to numbers. */
import type { Recipient } from '#domain/recipients.js';
import type { ScheduleRecord } from '#domain/schedule.js';
import { type SqlRow, toInteger } from './sql-client.js';

/** One `mdl_manireports_schedules` row as the domain's {@link ScheduleRecord}. */
export function toScheduleRecord(row: SqlRow): ScheduleRecord {
  return {
    id: toInteger(row.id),
    userId: toInteger(row.userid),
    reportId: toInteger(row.reportid),
    courseId: toInteger(row.courseid),
    name: String(row.name),
    frequency: String(row.frequency),
    customInterval: toInteger(row.custom_interval),
    actionType: String(row.action_type),
    cloudPreference: String(row.cloud_preference),
    suppressTarget: toInteger(row.suppresstarget),
    // A Moodle checkbox: any non-zero value is "on".
    suppressCourseCompletion: toInteger(row.suppress_course_completion) !== 0,
    // Matches the `enabled = 1` filter of listEnabledSchedules.
    enabled: toInteger(row.enabled) === 1,
    lastRun: toInteger(row.lastrun),
    nextRun: toInteger(row.nextrun),
    timeCreated: toInteger(row.timecreated),
    timeModified: toInteger(row.timemodified),
  };
}

/** An eligible audience row (see audience-sql.ts) as a {@link Recipient}. */
export function toRecipient(row: SqlRow): Recipient {
  return {
    userId: toInteger(row.id),
    email: String(row.email),
    firstName: String(row.firstname),
    lastName: String(row.lastname),
    lang: String(row.lang),
    timeZone: String(row.timezone),
    mailFormat: toInteger(row.mailformat),
  };
}
