/**
 * The dashboard routes behind the router: link → cookie → pages, and every refusal. The data is a small in-memory
 * DashboardData (pure logic; the DynamoDB-backed one is the status API's and is tested there).
 */
import { describe, expect, it } from 'vitest';
import { type DashboardRoutesOptions, makeDashboardRoutes } from '#adapters/http/dashboard-routes.js';
import type { HttpRequest } from '#adapters/http/http-message.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { signDashboardLink } from '#domain/dashboard-link.js';
import { createDashboardSession } from '#domain/dashboard-session.js';
import { makeInMemoryDashboardData, NOW, PREVIOUS_SECRET, SAMPLE, SECRET } from './fixtures.js';

function serve(overrides: Partial<DashboardRoutesOptions> = {}) {
  const data = makeInMemoryDashboardData(SAMPLE);
  const options = { data, secrets: [SECRET, PREVIOUS_SECRET], clock: () => NOW, secureCookies: true, ...overrides };
  return { data, router: makeHttpRouter(makeDashboardRoutes(options)) };
}

function get(url: string, cookie?: string): HttpRequest {
  const parsed = new URL(url, 'https://dashboard.example');
  const query = Object.fromEntries(parsed.searchParams);
  return {
    method: 'GET',
    path: parsed.pathname,
    ...(parsed.search === '' ? {} : { query }),
    headers: cookie === undefined ? {} : { cookie },
    body: new Uint8Array(),
  };
}

const session = () => `manireports_dashboard=${createDashboardSession(SECRET, NOW).value}`;

describe('dashboard routes', () => {
  it('exchanges a valid link for an 8-hour session cookie and redirects to the bare page', async () => {
    // Arrange
    const { router, data } = serve();

    // Act
    const response = await router(get(signDashboardLink(SECRET, NOW + 300)));

    // Assert
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/dashboard');
    expect(response.headers['set-cookie']).toMatch(
      /^manireports_dashboard=\d+\.[0-9a-f]{64}; Path=\/dashboard; Max-Age=28800; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(data.reads).toBe(0);
  });

  it('accepts a link signed with the previous secret and starts a session signed with the current one', async () => {
    // Arrange
    const { router } = serve();

    // Act
    const redirect = await router(get(signDashboardLink(PREVIOUS_SECRET, NOW + 300)));
    const cookie = (redirect.headers['set-cookie'] ?? '').split(';')[0];
    const afterRotation = makeHttpRouter(
      makeDashboardRoutes({
        data: makeInMemoryDashboardData(SAMPLE),
        secrets: [SECRET],
        clock: () => NOW,
        secureCookies: true,
      }),
    );

    // Assert: the session outlives the previous secret's removal
    expect(redirect.statusCode).toBe(303);
    expect((await afterRotation(get('/dashboard', cookie))).statusCode).toBe(200);
  });

  it('never lets a page be cached, framed or leak the link as a referrer', async () => {
    const { router } = serve();

    const response = await router(get('/dashboard', session()));

    expect(response.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('leaves out Secure when the dashboard is served over plain http (local run)', async () => {
    const { router } = serve({ secureCookies: false });

    const response = await router(get(signDashboardLink(SECRET, NOW + 300)));

    expect(response.headers['set-cookie']).not.toContain('Secure');
  });

  it('serves the jobs page to the cookie the link set, with a strict content security policy', async () => {
    // Arrange
    const { router } = serve();
    const redirect = await router(get(signDashboardLink(SECRET, NOW + 300)));
    const cookie = (redirect.headers['set-cookie'] ?? '').split(';')[0];

    // Act
    const response = await router(get('/dashboard', `other=1; ${cookie}`));

    // Assert
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'/);
    expect(response.body).toContain('data-job-id="schedule-12-slot-1772441400"');
    expect(response.body).toContain('Weekly safety reminder');
  });

  it.each([
    ['no link and no cookie', get('/dashboard')],
    ['an expired link', get(signDashboardLink(SECRET, NOW - 1))],
    ['a link valid for too long', get(signDashboardLink(SECRET, NOW + 7200))],
    ['a tampered link', get(signDashboardLink(SECRET, NOW + 60).replace(`${NOW + 60}`, `${NOW + 120}`))],
    ['a forged cookie', get('/dashboard', `manireports_dashboard=${NOW + 60}.${'0'.repeat(64)}`)],
    [
      'an expired session',
      get('/dashboard', `manireports_dashboard=${createDashboardSession(SECRET, NOW - 8 * 3600 - 1).value}`),
    ],
    ['a job page without a cookie', get('/dashboard/jobs/schedule-7-slot-1772438400')],
  ])('refuses %s with the 401 page and reads no data', async (_title, request) => {
    // Arrange
    const { router, data } = serve();

    // Act
    const response = await router(request);

    // Assert
    expect(response.statusCode).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.body).toContain('Link expired or invalid');
    expect(response.body).not.toMatch(/schedule-\d|Weekly safety reminder|1042/);
    expect(data.reads).toBe(0);
  });

  it('drops an old link for a visitor whose session still runs', async () => {
    const { router } = serve();

    const response = await router(get(signDashboardLink(SECRET, NOW - 1), session()));

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/dashboard');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it("serves a job's page with its failed recipients and reasons", async () => {
    const { router } = serve();

    const response = await router(get('/dashboard/jobs/schedule-7-slot-1772438400', session()));

    expect(response.statusCode).toBe(200);
    expect(response.body.match(/data-testid="failed-recipient-row"/g)).toHaveLength(3);
    expect(response.body).toContain('address rejected by SES: MessageRejected');
  });

  it('answers an unknown job with the 404 page, escaping the id', async () => {
    const { router } = serve();

    const response = await router(get('/dashboard/jobs/%3Cb%3Enope', session()));

    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('There is no job <code>&lt;b&gt;nope</code>');
  });
});
