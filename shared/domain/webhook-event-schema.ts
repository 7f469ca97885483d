/**
 * The zod schemas of a webhook event. They mirror docs/webhook-event.schema.json rule for rule (a test feeds both
 * the same good and bad samples); keep the two in step. The envelope is strict (an unknown top-level field is a
 * mistake), the schedule is open so that a column Moodle adds later does not break delivery.
 */
import { z } from 'zod';
import { ACTION_TYPES, CLOUD_PREFERENCES, FREQUENCIES } from './schedule.js';
import { WEBHOOK_EVENT_TYPES } from './webhook-event.js';

/** ISO-8601 date-time with seconds and an explicit zone (`Z` or `±hh:mm`), as PHP's `DATE_ATOM`/`'c'` writes it. */
export const ISO_8601_DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
/** Event ids: a UUID or any other token of safe characters, so it can be a DynamoDB key and a log field as is. */
export const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const MAX_SUBJECT_LENGTH = 255;
export const MAX_MESSAGE_LENGTH = 50_000;

const wholeNumber = (min: number) => z.number().int().min(min).max(Number.MAX_SAFE_INTEGER);
const flag = z.number().int().min(0).max(1);
const template = (max: number) => z.string().max(max).nullable().optional();

export const envelopeSchema = z.strictObject({
  id: z.string().regex(EVENT_ID, 'must be 1 to 128 letters, digits or . _ : - (starting with a letter or digit)'),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  occurredAt: z
    .string()
    .regex(ISO_8601_DATE_TIME, 'must be an ISO-8601 date-time with seconds and a zone, such as 2026-03-01T09:00:00Z'),
  schedule: z.looseObject({}),
});

/** Every `mdl_manireports_schedules` column, under its column name, plus the optional templates. */
export const scheduleSchema = z.looseObject({
  id: wholeNumber(1),
  userid: wholeNumber(1),
  reportid: wholeNumber(0),
  courseid: wholeNumber(0),
  name: z.string().max(255),
  frequency: z.enum(FREQUENCIES),
  custom_interval: wholeNumber(0),
  action_type: z.enum(ACTION_TYPES),
  cloud_preference: z.enum(CLOUD_PREFERENCES),
  suppresstarget: wholeNumber(0),
  suppress_course_completion: flag,
  enabled: flag,
  lastrun: wholeNumber(0),
  nextrun: wholeNumber(0),
  timecreated: wholeNumber(0),
  timemodified: wholeNumber(0),
  subject: template(MAX_SUBJECT_LENGTH),
  message: template(MAX_MESSAGE_LENGTH),
});
export type ScheduleColumns = z.infer<typeof scheduleSchema>;

/** `schedule.deleted` needs only the id; anything else it carries is ignored. */
export const deletedScheduleSchema = z.looseObject({ id: wholeNumber(1) });
