/**
 * Webhook events and signed requests for the tests: a valid schedule row as Moodle's plugin sends it, events of
 * every type.
 */
import type { HttpRequest } from '#adapters/http/http-message.js';
import { signWebhookBody } from '#domain/webhook-signature.js';

export const SECRET = 'current-secret-0123456789abcdef0123456789abcdef';
export const PREVIOUS_SECRET = 'previous-secret-fedcba9876543210fedcba987654321';
/** 2026-03-02T09:00:00Z in epoch seconds: the tests' "now". */
export const NOW = 1_772_442_000;

/** A schedule row by column name, as the Moodle plugin encodes it (integers cast with (int)). */
export function scheduleRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 7,
    userid: 2,
    reportid: 3,
    courseid: 12,
    name: 'Weekly completion reminder',
    frequency: 'weekly',
    custom_interval: 0,
    action_type: 'email',
    cloud_preference: 'auto',
    suppresstarget: 0,
    suppress_course_completion: 1,
    enabled: 1,
    lastrun: 0,
    nextrun: 1_772_442_000,
    timecreated: 1_772_000_000,
    timemodified: 1_772_400_000,
    ...overrides,
  };
}

/** An event body (as a value; JSON-encode it to send). */
export function eventBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'evt-0001',
    type: 'schedule.updated',
    occurredAt: '2026-03-02T08:59:30Z',
    schedule: scheduleRow(),
    ...overrides,
  };
}

/** A POST of `body` to the webhook, signed with `secret` at `timestamp`. */
export function signedRequest(
  body: string | Record<string, unknown>,
  options: { secret?: string; timestamp?: number; path?: string; method?: string } = {},
): HttpRequest {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  const timestamp = options.timestamp ?? NOW;
  return {
    method: options.method ?? 'POST',
    path: options.path ?? '/webhooks/moodle',
    headers: {
      'content-type': 'application/json',
      'x-manireports-timestamp': String(timestamp),
      'x-manireports-signature': signWebhookBody(options.secret ?? SECRET, timestamp, raw),
    },
    body: raw,
  };
}
