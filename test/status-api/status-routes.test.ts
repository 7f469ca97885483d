import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS, makeRequest, NOW, PREVIOUS_SECRET, SECRET, type StatusApi, startStatusApi } from './status-fixtures.js';

let api: StatusApi;
beforeAll(async () => {
  api = await startStatusApi();
});
afterAll(() => api.stop());

const ids = (value: unknown) => (value as { jobs: { id: string }[] }).jobs.map((job) => job.id);
const [FIRST, SECOND, THIRD] = JOBS.map((job) => job.jobId) as [string, string, string];

describe('status API routes', () => {
  it('GET /jobs lists job views newest first', async () => {
    // Act
    const response = await api.get('/jobs');

    // Assert
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(ids(response.json)).toEqual([THIRD, SECOND, FIRST]);
    expect((response.json as { jobs: unknown[] }).jobs[2]).toEqual({
      id: FIRST,
      scheduleId: 1,
      runSlot: '2026-03-01T08:00:00Z',
      actionType: 'email',
      route: 'cloud',
      routeReason: 'auto_at_or_above_threshold',
      routeExplanation: 'auto: 73 eligible recipients ≥ threshold 50',
      status: 'completed_with_failures',
      counts: {
        total: 3,
        sent: 1,
        failed: 1,
        skipped: 1,
        unconfirmed: 0,
        unsent: 0,
        suppressed: 5,
        certificates: 0,
        bounced: 1,
        complained: 0,
      },
      createdAt: '2026-03-01T08:00:04Z',
      startedAt: '2026-03-01T08:00:06Z',
      completedAt: '2026-03-01T08:00:40Z',
    });
  });

  it('GET /jobs filters by schedule, status and time, and pages with the cursor', async () => {
    // Act
    const bySchedule = await api.get('/jobs?scheduleId=4');
    const byStatus = await api.get('/jobs?status=delegated_local');
    const byTime = await api.get('/jobs?from=2026-03-02&to=2026-03-02T23:59:59%2B00:00');
    const first = await api.get('/jobs?limit=2');
    const cursor = (first.json as { nextCursor: string }).nextCursor;
    const second = await api.get(`/jobs?limit=2&cursor=${cursor}`);

    // Assert
    expect(ids(bySchedule.json)).toEqual([SECOND]);
    expect(ids(byStatus.json)).toEqual([THIRD]);
    expect(ids(byTime.json)).toEqual([SECOND]);
    expect(ids(first.json)).toEqual([THIRD, SECOND]);
    expect(ids(second.json)).toEqual([FIRST]);
    expect(second.json).not.toHaveProperty('nextCursor');
  });

  it('GET /jobs/{id} answers the job view, and a JSON 404 for an unknown id', async () => {
    // Act
    const found = await api.get(`/jobs/${SECOND}`);
    const missing = await api.get('/jobs/schedule-9-slot-1');

    // Assert
    expect(found.statusCode).toBe(200);
    expect(found.json).toMatchObject({ id: SECOND, status: 'running', actionType: 'both' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json).toEqual({ error: { code: 'not_found', message: 'id: no job with this id', field: 'id' } });
  });

  it("GET /jobs/{id}/recipients lists a job's recipients with reasons, filtered by status", async () => {
    // Act
    const all = await api.get(`/jobs/${FIRST}/recipients`);
    const failed = await api.get(`/jobs/${FIRST}/recipients?status=failed`);
    const none = await api.get(`/jobs/${SECOND}/recipients`);
    const unknown = await api.get('/jobs/schedule-9-slot-1/recipients');

    // Assert
    expect(all.json).toEqual({
      recipients: [
        { userId: 60, status: 'sent', attempts: 1, updatedAt: '2026-03-01T08:00:12Z' },
        {
          userId: 61,
          status: 'failed',
          attempts: 1,
          reason: 'SES rejected the address',
          updatedAt: '2026-03-01T08:00:13Z',
        },
        { userId: 62, status: 'skipped', attempts: 1, reason: 'schedule disabled', updatedAt: '2026-03-01T08:00:14Z' },
      ],
    });
    expect(failed.json).toEqual({
      recipients: [
        {
          userId: 61,
          status: 'failed',
          attempts: 1,
          reason: 'SES rejected the address',
          updatedAt: '2026-03-01T08:00:13Z',
        },
      ],
    });
    expect(none.json).toEqual({ recipients: [] });
    expect(unknown.statusCode).toBe(404);
  });

  it('GET /schedules lists the demo schedules with the last job', async () => {
    // Act
    const response = await api.get('/schedules');

    // Assert
    const schedules = (response.json as { schedules: { id: number; lastJob: unknown; nextRun: unknown }[] }).schedules;
    expect(response.statusCode).toBe(200);
    expect(schedules.map((schedule) => schedule.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Schedule 1 last ran 2026-03-01 08:00 (its run state); at NOW (03-02 09:00) the 03-02 08:00 slot is due, so
    // the planner's next run after it is 03-03 08:00.
    expect(schedules[0]).toMatchObject({
      lastJob: { id: FIRST, status: 'completed_with_failures' },
      nextRun: '2026-03-03T08:00:00Z',
    });
  });
});

describe('status API authentication over HTTP', () => {
  it('accepts a request signed over its path and query, with the current or the previous secret', async () => {
    // Act
    const current = await api.get('/jobs?status=running', { secret: SECRET });
    const previous = await api.get('/jobs?status=running', { secret: PREVIOUS_SECRET });

    // Assert
    expect(current.statusCode).toBe(200);
    expect(ids(current.json)).toEqual([SECOND]);
    expect(previous.statusCode).toBe(200);
  });

  it.each([
    ['no credentials', 'none', 'missing_credentials', 'Authorization'],
    ['a wrong bearer token', { bearer: 'not-the-token-0123456789abcdef0123' }, 'invalid_token', 'Authorization'],
    ['a Basic header', { authorization: 'Basic YTpi' }, 'unsupported_authorization_scheme', 'Authorization'],
    ['an expired signature', { secret: SECRET, timestamp: NOW - 301 }, 'stale_timestamp', 'X-ManiReports-Timestamp'],
    [
      'a signature over another path',
      { secret: SECRET, signedLine: 'GET /jobs?status=failed' },
      'invalid_signature',
      'X-ManiReports-Signature',
    ],
    [
      'an unknown secret',
      { secret: 'an-unknown-secret-0123456789abcdef0123' },
      'invalid_signature',
      'X-ManiReports-Signature',
    ],
    ['a timestamp without signature', { timestamp: String(NOW) }, 'missing_signature', 'X-ManiReports-Signature'],
  ] as const)('refuses %s with a JSON 401 naming the header', async (_name, auth, code, field) => {
    // Act
    const responses = await Promise.all(
      ['/jobs?status=running', `/jobs/${FIRST}`, `/jobs/${FIRST}/recipients`, '/schedules'].map((target) =>
        api.route(makeRequest('GET', target, auth)),
      ),
    );

    // Assert
    for (const response of responses) {
      expect(response.statusCode).toBe(401);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code, field } });
    }
  });
});

describe('status API refusals of bad input', () => {
  it.each([
    ['/jobs?status=done', 'status'],
    ['/jobs?scheduleId=abc', 'scheduleId'],
    ['/jobs?scheduleId=0', 'scheduleId'],
    ['/jobs?from=yesterday', 'from'],
    ['/jobs?to=2026-03-02T09:00:00', 'to'],
    ['/jobs?from=2026-03-02&to=2026-03-01', 'to'],
    ['/jobs?limit=0', 'limit'],
    ['/jobs?limit=101', 'limit'],
    ['/jobs?limit=ten', 'limit'],
    ['/jobs?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['/jobs?cursor=%%%', 'cursor'],
    ['/jobs?state=failed', 'state'],
    [`/jobs/${FIRST}/recipients?status=bounced`, 'status'],
    [`/jobs/${FIRST}/recipients?limit=1000`, 'limit'],
    [`/jobs/${FIRST}/recipients?cursor=abc`, 'cursor'],
    [`/jobs/${FIRST}?verbose=1`, 'verbose'],
    ['/schedules?enabled=1', 'enabled'],
  ])('GET %s is a JSON 422 naming %s', async (target, field) => {
    // Act
    const response = await api.get(target);

    // Assert
    expect(response.statusCode).toBe(422);
    expect(response.json).toMatchObject({ error: { code: 'invalid_parameter', field } });
  });

  it('answers another method with 405 and an unknown path with 404, both JSON', async () => {
    // Act
    const post = await api.route(makeRequest('POST', '/jobs', { bearer: 'x' }));
    const unknown = await api.route(makeRequest('GET', '/jobz', 'none'));

    // Assert
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET');
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'not_found' } });
  });
});
