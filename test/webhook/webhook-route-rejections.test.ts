/**
 * Every refusal of `POST /webhooks/moodle`: status, code and field. None reaches the use case, so it is a stub
 * that fails the test if called; the accepted path runs against dynalite in webhook-handler.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '#adapters/http/http-message.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { makeWebhookRoute, type WebhookRouteOptions } from '#adapters/http/webhook-route.js';
import { eventBody, NOW, scheduleRow, signedRequest } from './fixtures.js';

/** The webhook as it is served: its route behind the router that answers 404, 405 and faults. */
function routerFor(options: WebhookRouteOptions, onFault?: (error: unknown) => void) {
  return makeHttpRouter([makeWebhookRoute(options)], onFault ? { onFault } : {});
}

const route = routerFor({
  handleScheduleEvent: () => Promise.reject(new Error('the use case must not run for a refused request')),
  secrets: ['current-secret-0123456789abcdef0123456789abcdef'],
  clock: () => NOW,
});

async function send(request: HttpRequest) {
  const response = await route(request);
  const body = JSON.parse(response.body) as { error: { code: string; message: string; field?: string } };
  return { status: response.statusCode, ...body.error, headers: response.headers };
}

describe('webhook refusals', () => {
  it.each([
    ['bad JSON', '{"id": "evt-1",', 400, 'malformed_json', undefined],
    ['a JSON array', '[1, 2]', 422, 'wrong_type', 'body'],
    ['an unknown event type', eventBody({ type: 'schedule.archived' }), 422, 'unknown_event_type', 'type'],
    ['an unknown top-level field', eventBody({ extra: true }), 422, 'unknown_field', 'extra'],
    ['a missing occurredAt', eventBody({ occurredAt: undefined }), 422, 'missing_field', 'occurredAt'],
    ['a date without a zone', eventBody({ occurredAt: '2026-03-02 09:00:00' }), 422, 'invalid_format', 'occurredAt'],
    ['an event id with spaces', eventBody({ id: 'evt 1' }), 422, 'invalid_format', 'id'],
    ['a missing schedule', eventBody({ schedule: undefined }), 422, 'missing_field', 'schedule'],
    [
      'a string id (Moodle record not cast)',
      eventBody({ schedule: scheduleRow({ id: '7' }) }),
      422,
      'wrong_type',
      'schedule.id',
    ],
    [
      'a fractional courseid',
      eventBody({ schedule: scheduleRow({ courseid: 1.5 }) }),
      422,
      'wrong_type',
      'schedule.courseid',
    ],
    [
      'a missing column',
      eventBody({ schedule: scheduleRow({ enabled: undefined }) }),
      422,
      'missing_field',
      'schedule.enabled',
    ],
    [
      'an unknown frequency',
      eventBody({ schedule: scheduleRow({ frequency: 'hourly' }) }),
      422,
      'unknown_enum_value',
      'schedule.frequency',
    ],
    [
      'an unknown action type',
      eventBody({ schedule: scheduleRow({ action_type: 'sms' }) }),
      422,
      'unknown_enum_value',
      'schedule.action_type',
    ],
    [
      'an unknown cloud preference',
      eventBody({ schedule: scheduleRow({ cloud_preference: 'edge' }) }),
      422,
      'unknown_enum_value',
      'schedule.cloud_preference',
    ],
    ['enabled = 2', eventBody({ schedule: scheduleRow({ enabled: 2 }) }), 422, 'out_of_range', 'schedule.enabled'],
    ['a negative time', eventBody({ schedule: scheduleRow({ lastrun: -1 }) }), 422, 'out_of_range', 'schedule.lastrun'],
    [
      'a custom interval of 0',
      eventBody({ schedule: scheduleRow({ frequency: 'custom', custom_interval: 0 }) }),
      422,
      'out_of_range',
      'schedule.custom_interval',
    ],
    [
      'a custom interval of 366',
      eventBody({ schedule: scheduleRow({ frequency: 'custom', custom_interval: 366 }) }),
      422,
      'out_of_range',
      'schedule.custom_interval',
    ],
    [
      'a subject over 255 characters',
      eventBody({ schedule: scheduleRow({ subject: 'x'.repeat(256) }) }),
      422,
      'out_of_range',
      'schedule.subject',
    ],
    ['a numeric message', eventBody({ schedule: scheduleRow({ message: 42 }) }), 422, 'wrong_type', 'schedule.message'],
    [
      'a delete without the id',
      eventBody({ type: 'schedule.deleted', schedule: {} }),
      422,
      'missing_field',
      'schedule.id',
    ],
  ])('%s: %i %s', async (_case, body, status, code, field) => {
    // Arrange
    const request = signedRequest(body as string | Record<string, unknown>);

    // Act
    const response = await send(request);

    // Assert
    expect(response).toMatchObject({ status, code });
    expect(response.field).toBe(field);
    if (field !== undefined) expect(response.message.startsWith(`${field}: `)).toBe(true);
    expect(response.message).not.toMatch(/\n\s+at /);
  });

  it('says what the custom interval must be, in the domain rule words', async () => {
    // Arrange
    const request = signedRequest(eventBody({ schedule: scheduleRow({ frequency: 'custom', custom_interval: 400 }) }));

    // Act
    const response = await send(request);

    // Assert
    expect(response.message).toBe(
      'schedule.custom_interval: must be a whole number of days from 1 to 365 for a custom schedule (got 400)',
    );
  });

  it('refuses a body over 64 KiB with 413 before checking its signature', async () => {
    // Arrange
    const request = signedRequest(eventBody({ schedule: scheduleRow({ message: 'x'.repeat(70_000) }) }));
    const unsigned = { ...request, headers: {} };

    // Act
    const response = await send(unsigned);

    // Assert
    expect(response).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('refuses an unsigned, stale or tampered request with 401 naming the header', async () => {
    // Arrange
    const good = signedRequest(eventBody());
    const unsigned = { ...good, headers: { 'x-manireports-timestamp': String(NOW) } };
    const stale = signedRequest(eventBody(), { timestamp: NOW - 600 });
    const tampered = { ...good, body: Buffer.from(JSON.stringify(eventBody({ id: 'evt-other' }))) };

    // Act
    const responses = await Promise.all([unsigned, stale, tampered].map(send));

    // Assert
    expect(responses.map(({ status, code, field }) => ({ status, code, field }))).toEqual([
      { status: 401, code: 'missing_signature', field: 'X-ManiReports-Signature' },
      { status: 401, code: 'stale_timestamp', field: 'X-ManiReports-Timestamp' },
      { status: 401, code: 'invalid_signature', field: 'X-ManiReports-Signature' },
    ]);
  });

  it('answers 405 with Allow for another method and 404 for another path', async () => {
    // Act
    const wrongMethod = await send(signedRequest(eventBody(), { method: 'GET' }));
    const wrongPath = await send(signedRequest(eventBody(), { path: '/webhooks/other' }));

    // Assert
    expect(wrongMethod).toMatchObject({ status: 405, code: 'method_not_allowed' });
    expect(wrongMethod.headers.allow).toBe('POST');
    expect(wrongPath).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('answers a fault on its own side with a bare 500 and hands the error to onFault', async () => {
    // Arrange: a use case that fails as a store outage would (no local server fails on demand).
    const faults: unknown[] = [];
    const failing = routerFor(
      {
        handleScheduleEvent: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8000')),
        secrets: ['current-secret-0123456789abcdef0123456789abcdef'],
        clock: () => NOW,
      },
      (error) => faults.push(error),
    );

    // Act
    const response = await failing(signedRequest(eventBody()));

    // Assert
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'internal_error', message: 'the request could not be processed; retry later' },
    });
    expect(faults).toHaveLength(1);
  });
});
