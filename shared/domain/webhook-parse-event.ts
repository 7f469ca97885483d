/**
 * Turns a webhook body (raw bytes) into a {@link ScheduleEvent}, or says which field is wrong and how: JSON
 * syntax, then the event schema (webhook-event-schema.ts), then the schedule rules every planned schedule obeys
 * (`validateSchedule`, so a custom interval out of range is refused here and never reaches the planner).
 */
import type { z } from 'zod';
import { ValidationError } from './errors.js';
import type { ScheduleRecord } from './schedule.js';
import { validateSchedule } from './validate-schedule.js';
import { MalformedWebhookBodyError, WebhookPayloadError, type WebhookPayloadProblem } from './webhook-errors.js';
import type { ScheduleEvent, ScheduleTemplate } from './webhook-event.js';
import { deletedScheduleSchema, envelopeSchema, type ScheduleColumns, scheduleSchema } from './webhook-event-schema.js';

/**
 * Parses and checks one event body.
 * @throws MalformedWebhookBodyError when the body is not UTF-8 JSON; WebhookPayloadError naming the first bad field.
 */
export function parseWebhookEvent(rawBody: Uint8Array): ScheduleEvent {
  const body = parseJson(rawBody);
  const envelope = check(envelopeSchema, body, []);
  const occurredAtMs = Date.parse(envelope.occurredAt);
  if (Number.isNaN(occurredAtMs)) {
    throw new WebhookPayloadError('invalid_format', 'occurredAt', envelope.occurredAt, 'is not a real date-time');
  }
  const common = { id: envelope.id, occurredAt: envelope.occurredAt, occurredAtMs };
  if (envelope.type === 'schedule.deleted') {
    const { id } = check(deletedScheduleSchema, envelope.schedule, ['schedule']);
    return { ...common, type: envelope.type, scheduleId: id };
  }
  const columns = check(scheduleSchema, envelope.schedule, ['schedule']);
  return { ...common, type: envelope.type, schedule: toSchedule(columns), template: toTemplate(columns) };
}

function parseJson(rawBody: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
  } catch (error) {
    throw new MalformedWebhookBodyError('body is not valid UTF-8 JSON', { cause: error });
  }
}

function toSchedule(columns: ScheduleColumns) {
  const record: ScheduleRecord = {
    id: columns.id,
    userId: columns.userid,
    reportId: columns.reportid,
    courseId: columns.courseid,
    name: columns.name,
    frequency: columns.frequency,
    customInterval: columns.custom_interval,
    actionType: columns.action_type,
    cloudPreference: columns.cloud_preference,
    suppressTarget: columns.suppresstarget,
    suppressCourseCompletion: columns.suppress_course_completion === 1,
    enabled: columns.enabled === 1,
    lastRun: columns.lastrun,
    nextRun: columns.nextrun,
    timeCreated: columns.timecreated,
    timeModified: columns.timemodified,
  };
  try {
    return validateSchedule(record);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const code: WebhookPayloadProblem = ENUM_COLUMNS.has(error.field) ? 'unknown_enum_value' : 'out_of_range';
    throw new WebhookPayloadError(code, `schedule.${error.field}`, error.value, error.problem, { cause: error });
  }
}

const ENUM_COLUMNS = new Set(['frequency', 'action_type', 'cloud_preference']);

function toTemplate(columns: ScheduleColumns): ScheduleTemplate {
  return {
    ...(typeof columns.subject === 'string' ? { subject: columns.subject } : {}),
    ...(typeof columns.message === 'string' ? { message: columns.message } : {}),
  };
}

/** Runs `schema` on `value`, turning the first issue into a WebhookPayloadError whose field is a dotted path. */
function check<T>(schema: z.ZodType<T>, value: unknown, prefix: readonly string[]): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue === undefined) throw new WebhookPayloadError('wrong_type', fieldName(prefix), value, 'is not valid');
  const path = [...prefix, ...issue.path.map(String)];
  const actual = valueAt(value, issue.path);
  const [code, problem, field] = describe(issue, actual, path);
  throw new WebhookPayloadError(code, field, actual, problem);
}

function describe(issue: z.core.$ZodIssue, actual: unknown, path: string[]): [WebhookPayloadProblem, string, string] {
  const field = fieldName(path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return ['unknown_field', 'is not a field of this event', fieldName([...path, issue.keys[0] ?? ''])];
    case 'invalid_type':
      if (actual === undefined) return ['missing_field', 'is required', field];
      return ['wrong_type', `must be ${EXPECTED[issue.expected] ?? issue.expected}`, field];
    case 'invalid_value': {
      const allowed = issue.values.map((v) => `'${String(v)}'`).join(', ');
      const code = field === 'type' ? 'unknown_event_type' : 'unknown_enum_value';
      return [code, `must be one of ${allowed}`, field];
    }
    case 'too_small':
      return ['out_of_range', `must be at least ${String(issue.minimum)}${unit(issue.origin)}`, field];
    case 'too_big':
      return ['out_of_range', `must be at most ${String(issue.maximum)}${unit(issue.origin)}`, field];
    case 'invalid_format':
      return ['invalid_format', issue.message, field];
    default:
      return ['wrong_type', issue.message, field];
  }
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  object: 'an object',
  nonoptional: 'present',
};

function unit(origin: string): string {
  return origin === 'string' ? ' characters' : '';
}

function fieldName(path: readonly string[]): string {
  return path.length === 0 ? 'body' : path.join('.');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
