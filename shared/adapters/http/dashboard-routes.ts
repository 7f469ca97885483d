/**
 * The jobs dashboard: `GET /dashboard` and `GET /dashboard/jobs/{id}`, server-rendered HTML.
 *
 * A visitor arrives with Moodle's signed link (shared/domain/dashboard-link.ts); a valid one sets the session
 * cookie (HttpOnly, SameSite=Lax, Secure over https, Path=/dashboard) (shared/domain/dashboard-session.ts) and redirects (303) to the bare `/dashboard`, so the signature leaves
 * the address bar and the history. Every later page needs the cookie. Without a valid link or cookie the answer is
 * the "link expired or invalid" page (401) and no data is read at all.
 */

import type { DashboardData } from '#domain/dashboard-data.js';
import { DashboardAccessError } from '#domain/dashboard-errors.js';
import { DASHBOARD_PATH, verifyDashboardLink } from '#domain/dashboard-link.js';
import {
  createDashboardSession,
  DASHBOARD_SESSION_COOKIE,
  DASHBOARD_SESSION_SECONDS,
  verifyDashboardSession,
} from '#domain/dashboard-session.js';
import { renderJobPage } from './dashboard/job-page.js';
import { renderJobsPage } from './dashboard/jobs-page.js';
import { renderJobNotFoundPage, renderRefusalPage } from './dashboard/notice-pages.js';
import { DASHBOARD_HEADERS } from './dashboard/page-layout.js';
import { type HttpRequest, type HttpResponse, htmlResponse } from './http-message.js';
import type { HttpRoute } from './http-router.js';

export interface DashboardRoutesOptions {
  data: DashboardData;
  /** The webhook secrets: the current one first (it signs new sessions), then the previous one during a rotation. */
  secrets: readonly string[];
  /** Epoch seconds. */
  clock: () => number;
  /** Adds `Secure` to the session cookie: true whenever the dashboard is served over https (always in AWS). */
  secureCookies: boolean;
  /** @default 10 */
  refreshSeconds?: number;
  /** @default 50 */
  recentJobsLimit?: number;
  /** @default 200 */
  failedRecipientsLimit?: number;
}

/** Both dashboard routes, for the router. */
export function makeDashboardRoutes(options: DashboardRoutesOptions): HttpRoute[] {
  return [makeDashboardRoute(options), makeDashboardJobRoute(options)];
}

/** `GET /dashboard`: exchanges a signed link for a session, or shows the jobs and schedules to a session. */
export function makeDashboardRoute(options: DashboardRoutesOptions): HttpRoute {
  const { data, secrets, clock, refreshSeconds = 10, recentJobsLimit = 50 } = options;
  return {
    method: 'GET',
    pattern: DASHBOARD_PATH,
    async handle(request) {
      const query = request.query ?? {};
      const carriesLink = query.expires !== undefined || query.signature !== undefined;
      if (carriesLink) {
        try {
          verifyDashboardLink({ expires: query.expires, signature: query.signature }, secrets, clock);
          return startSession(options);
        } catch (error) {
          // An old link clicked again by someone whose session still runs: drop the link, keep the session.
          if (!(error instanceof DashboardAccessError) || !hasSession(request, options)) return refuse(error);
          return redirectToDashboard({});
        }
      }
      if (!hasSession(request, options)) return refuse(undefined);
      const [jobs, schedules, timeZone] = await Promise.all([
        data.listRecentJobs(recentJobsLimit),
        data.listSchedules(),
        siteTimeZone(data),
      ]);
      return page(200, renderJobsPage({ jobs, schedules, refreshSeconds, timeZone }).text);
    },
  };
}

/** `GET /dashboard/jobs/{id}`: one job and its failed recipients, to a session only. */
export function makeDashboardJobRoute(options: DashboardRoutesOptions): HttpRoute {
  const { data, refreshSeconds = 10, failedRecipientsLimit = 200 } = options;
  return {
    method: 'GET',
    pattern: `${DASHBOARD_PATH}/jobs/{id}`,
    async handle(request, params) {
      if (!hasSession(request, options)) return refuse(undefined);
      const jobId = params.id ?? '';
      const job = await data.getJob(jobId);
      if (job === undefined) return page(404, renderJobNotFoundPage(jobId).text);
      const [failedRecipients, schedules, timeZone] = await Promise.all([
        data.listFailedRecipients(job.id, failedRecipientsLimit),
        data.listSchedules(),
        siteTimeZone(data),
      ]);
      const scheduleName = schedules.find((schedule) => schedule.id === job.scheduleId)?.name;
      const failedLimit = failedRecipientsLimit;
      return page(
        200,
        renderJobPage({ job, scheduleName, failedRecipients, failedLimit, refreshSeconds, timeZone }).text,
      );
    },
  };
}

/** The site's zone for the pages' times; UTC when the data cannot tell. */
async function siteTimeZone(data: DashboardData): Promise<string> {
  return (await data.siteTimeZone?.()) ?? 'UTC';
}

function startSession(options: DashboardRoutesOptions): HttpResponse {
  const [current] = options.secrets;
  if (current === undefined) throw new Error('the dashboard needs at least one secret');
  const session = createDashboardSession(current, options.clock());
  const attributes = [
    `${DASHBOARD_SESSION_COOKIE}=${session.value}`,
    `Path=${DASHBOARD_PATH}`,
    `Max-Age=${DASHBOARD_SESSION_SECONDS}`,
    'HttpOnly',
    // Not Strict: the admin arrives by a link on Moodle's site, and Chromium (like Firefox) keeps a Strict cookie
    // off the whole cross-site redirect chain, so the 303 would land on the refusal. Lax still keeps the cookie
    // off cross-site subrequests and POSTs, and the dashboard only serves GET pages that change nothing.
    'SameSite=Lax',
    ...(options.secureCookies ? ['Secure'] : []),
  ];
  return redirectToDashboard({ 'set-cookie': attributes.join('; ') });
}

function redirectToDashboard(headers: Record<string, string>): HttpResponse {
  return page(303, '', { location: DASHBOARD_PATH, ...headers });
}

/** Whether any session cookie on the request is valid (a browser may hold a stale one beside a fresh one). */
function hasSession(request: HttpRequest, options: DashboardRoutesOptions): boolean {
  return readCookies(request.headers.cookie, DASHBOARD_SESSION_COOKIE).some((value) => {
    try {
      verifyDashboardSession(value, options.secrets, options.clock);
      return true;
    } catch (error) {
      if (error instanceof DashboardAccessError) return false;
      throw error;
    }
  });
}

/** Every value of cookie `name` in a `Cookie` header (`a=1; b=2`). */
function readCookies(header: string | undefined, name: string): string[] {
  if (header === undefined) return [];
  return header.split(';').flatMap((pair) => {
    const at = pair.indexOf('=');
    return at > 0 && pair.slice(0, at).trim() === name ? [pair.slice(at + 1).trim()] : [];
  });
}

/** The refusal page; anything other than a refused link is a fault and goes to the router. */
function refuse(error: unknown): HttpResponse {
  if (error !== undefined && !(error instanceof DashboardAccessError)) throw error;
  return page(401, renderRefusalPage().text);
}

function page(statusCode: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return htmlResponse(statusCode, body, { ...DASHBOARD_HEADERS, ...headers });
}
