/**
 * The published JSON schema (docs/webhook-event.schema.json, checked with ajv as any client would) and the
 * validator the webhook runs (zod + the domain schedule rules) accept and refuse the same bodies.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { WebhookPayloadError } from '#domain/webhook-errors.js';
import { parseWebhookEvent } from '#domain/webhook-parse-event.js';
import { eventBody, scheduleRow } from './fixtures.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/webhook-event.schema.json', import.meta.url), 'utf8'));
// Strict, so a typo in the published schema fails here; formats are annotations (the pattern carries the rule).
const validateWithSchema = new Ajv2020({ strict: true, validateFormats: false }).compile(schema);

function acceptedByWebhook(body: unknown): boolean {
  try {
    parseWebhookEvent(Buffer.from(JSON.stringify(body)));
    return true;
  } catch (error) {
    if (error instanceof WebhookPayloadError) return false;
    throw error;
  }
}

const GOOD: [string, unknown][] = [
  ['an update', eventBody()],
  ['a creation', eventBody({ type: 'schedule.created' })],
  ['a run-now', eventBody({ type: 'schedule.run_now' })],
  ['a delete with only the id', eventBody({ type: 'schedule.deleted', schedule: { id: 7 } })],
  ['a delete with the whole row', eventBody({ type: 'schedule.deleted', schedule: scheduleRow() })],
  [
    'templates',
    eventBody({ schedule: scheduleRow({ subject: 'Reminder: {coursename}', message: 'Hello {firstname}' }) }),
  ],
  ['null templates', eventBody({ schedule: scheduleRow({ subject: null, message: null }) })],
  ['a custom schedule of 1 day', eventBody({ schedule: scheduleRow({ frequency: 'custom', custom_interval: 1 }) })],
  [
    'a custom schedule of 365 days',
    eventBody({ schedule: scheduleRow({ frequency: 'custom', custom_interval: 365 }) }),
  ],
  ['a weekly schedule ignoring custom_interval', eventBody({ schedule: scheduleRow({ custom_interval: 999 }) })],
  ['a column Moodle adds later', eventBody({ schedule: scheduleRow({ format: 'pdf' }) })],
  ['a site-level disabled schedule', eventBody({ schedule: scheduleRow({ courseid: 0, enabled: 0 }) })],
  ['an offset and fractions', eventBody({ occurredAt: '2026-03-02T10:59:30.123+02:00' })],
  ['a UUID event id', eventBody({ id: '0b7f5a3e-6c1d-4e8a-9f2b-3c4d5e6f7a8b' })],
];

const BAD: [string, unknown][] = [
  ['an array', [1, 2]],
  ['a string', 'schedule.updated'],
  ['an unknown event type', eventBody({ type: 'schedule.archived' })],
  ['an unknown top-level field', eventBody({ extra: true })],
  ['no id', eventBody({ id: undefined })],
  ['an empty id', eventBody({ id: '' })],
  ['a numeric id', eventBody({ id: 17 })],
  ['a date without a zone', eventBody({ occurredAt: '2026-03-02T09:00:00' })],
  ['a date only', eventBody({ occurredAt: '2026-03-02' })],
  ['month 13', eventBody({ occurredAt: '2026-13-02T09:00:00Z' })],
  ['a schedule that is an array', eventBody({ schedule: [] })],
  ['a string column value', eventBody({ schedule: scheduleRow({ id: '7' }) })],
  ['id 0', eventBody({ schedule: scheduleRow({ id: 0 }) })],
  ['a fractional courseid', eventBody({ schedule: scheduleRow({ courseid: 1.5 }) })],
  ['a missing column', eventBody({ schedule: scheduleRow({ timemodified: undefined }) })],
  ['an unknown frequency', eventBody({ schedule: scheduleRow({ frequency: 'hourly' }) })],
  ['an unknown action type', eventBody({ schedule: scheduleRow({ action_type: 'sms' }) })],
  ['an unknown cloud preference', eventBody({ schedule: scheduleRow({ cloud_preference: 'edge' }) })],
  ['enabled = true', eventBody({ schedule: scheduleRow({ enabled: true }) })],
  ['enabled = 2', eventBody({ schedule: scheduleRow({ enabled: 2 }) })],
  ['a negative time', eventBody({ schedule: scheduleRow({ nextrun: -5 }) })],
  ['a custom interval of 0', eventBody({ schedule: scheduleRow({ frequency: 'custom', custom_interval: 0 }) })],
  ['a custom interval of 366', eventBody({ schedule: scheduleRow({ frequency: 'custom', custom_interval: 366 }) })],
  ['a name over 255 characters', eventBody({ schedule: scheduleRow({ name: 'n'.repeat(256) }) })],
  ['a subject over 255 characters', eventBody({ schedule: scheduleRow({ subject: 's'.repeat(256) }) })],
  ['a numeric message', eventBody({ schedule: scheduleRow({ message: 42 }) })],
  ['a delete without an id', eventBody({ type: 'schedule.deleted', schedule: { name: 'x' } })],
  ['a delete with id 0', eventBody({ type: 'schedule.deleted', schedule: { id: 0 } })],
];

describe('the published schema and the webhook validator', () => {
  it.each(GOOD)('both accept %s', (_case, body) => {
    // Act
    const bySchema = validateWithSchema(body);
    const byWebhook = acceptedByWebhook(body);

    // Assert
    expect(validateWithSchema.errors ?? []).toEqual([]);
    expect([bySchema, byWebhook]).toEqual([true, true]);
  });

  it.each(BAD)('both refuse %s', (_case, body) => {
    // Act
    const bySchema = validateWithSchema(body);
    const byWebhook = acceptedByWebhook(body);

    // Assert
    expect([bySchema, byWebhook]).toEqual([false, false]);
  });
});
