/**
 * The dashboard in real headless Chromium, served by a tiny node:http server over the in-memory data. A missing
 * Chromium fails these tests (see browser.ts); they never skip.
 */
import { makeDashboardRoutes } from '#adapters/http/dashboard-routes.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { describeDashboardInBrowser } from './dashboard-browser-suite.js';
import { makeInMemoryDashboardData, SAMPLE, SECRET } from './fixtures.js';
import { startRouteServer } from './route-server.js';

describeDashboardInBrowser('[in-memory] dashboard in headless Chromium', async () => {
  const data = makeInMemoryDashboardData(SAMPLE);
  const clock = () => Math.floor(Date.now() / 1000);
  const server = await startRouteServer(
    makeHttpRouter(makeDashboardRoutes({ data, secrets: [SECRET], clock, secureCookies: false })),
  );
  return { baseUrl: server.baseUrl, secret: SECRET, data, close: server.close };
});
