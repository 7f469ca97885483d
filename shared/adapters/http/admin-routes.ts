/**
 * Everything an admin reads, served by one function: the status API and the jobs dashboard on the same stores and
 * secrets (the status-api Lambda and the local server both build their routes here).
 */
import { makeDashboardData } from '#use-cases/read-dashboard.js';
import { makeDashboardRoutes } from './dashboard-routes.js';
import type { HttpRoute } from './http-router.js';
import { makeStatusRoutes, type StatusRoutesDeps } from './status-routes.js';

export interface AdminRoutesDeps extends StatusRoutesDeps {
  /** Adds `Secure` to the dashboard's session cookie: true whenever served over https (always in AWS). */
  secureCookies: boolean;
}

export function makeAdminRoutes(deps: AdminRoutesDeps): HttpRoute[] {
  return [
    ...makeStatusRoutes(deps),
    ...makeDashboardRoutes({
      data: makeDashboardData(deps),
      secrets: deps.keys.secrets,
      clock: deps.clock,
      secureCookies: deps.secureCookies,
    }),
  ];
}
