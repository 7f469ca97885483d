/**
 * Runs the local server until Ctrl-C: starts it on the local stack, prints where it is (and a signed dashboard link
 * once a dashboard route exists), waits for SIGINT or SIGTERM, and stops it. What `serve` and `run --serve` share.
 */
import { createHmac } from 'node:crypto';
import type { HttpRoute } from '#adapters/http/http-router.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { startNodeHttpServer } from '#adapters/http/node-http-server.js';
import { VERIFY_PATH } from '#adapters/http/verify-route.js';
import { WEBHOOK_PATH } from '#adapters/http/webhook-route.js';
import type { CliIo } from '../cli-io.js';
import { makeLocalRoutes, type RouteFactory, type ServeContext } from './local-routes.js';

export const DASHBOARD_PATH = '/dashboard';
/** The longest a dashboard link may live (the shared contract: `now <= expires <= now + 3600`). */
export const DASHBOARD_LINK_SECONDS = 3600;

export interface ServeHttpOptions {
  /** 0: any free port. */
  port: number;
  io: CliIo;
  /** Resolves when the server should stop. @default the first SIGINT or SIGTERM */
  until?: Promise<unknown>;
  /** @default EXTRA_ROUTES */
  extraRoutes?: readonly RouteFactory[];
}

export async function serveHttp(context: ServeContext, options: ServeHttpOptions): Promise<void> {
  const { io } = options;
  const routes = makeLocalRoutes(context, options.extraRoutes);
  const until = options.until ?? stopSignal();
  const server = await startNodeHttpServer({
    router: makeHttpRouter(routes, { onFault: (error) => io.err(`request failed: ${describe(error)}`) }),
    port: options.port,
    onError: (error) => io.err(`connection failed: ${describe(error)}`),
  });
  try {
    io.out(`Serving on ${server.url} (Ctrl-C to stop)`);
    io.out(`  webhook:      POST ${server.url}${WEBHOOK_PATH}`);
    io.out(`  verification: GET  ${server.url}${VERIFY_PATH}/{code}`);
    const link = dashboardLinkFor(routes, server.url, context.secrets[0] ?? '', context.clock());
    if (link !== undefined) io.out(`  dashboard:    ${link} (valid for an hour)`);
    await until;
    io.err('Stopping…');
  } finally {
    await server.stop();
  }
}

/**
 * A signed dashboard link (`/dashboard?expires=…&signature=hex HMAC-SHA256(secret, "dashboard." + expires)`), or
 * undefined while no route serves the dashboard.
 */
export function dashboardLinkFor(
  routes: readonly HttpRoute[],
  baseUrl: string,
  secret: string,
  now: number,
): string | undefined {
  if (!routes.some((route) => route.method === 'GET' && route.pattern === DASHBOARD_PATH)) return undefined;
  return signedDashboardLink(baseUrl, secret, now + DASHBOARD_LINK_SECONDS);
}

/** The dashboard link valid until `expires` (epoch seconds), as Moodle produces it. */
export function signedDashboardLink(baseUrl: string, secret: string, expires: number): string {
  const signature = createHmac('sha256', secret).update(`dashboard.${expires}`).digest('hex');
  return `${baseUrl}${DASHBOARD_PATH}?expires=${expires}&signature=${signature}`;
}

/** The first SIGINT or SIGTERM; a second Ctrl-C while stopping still ends the process as usual. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** An error's class and message only: a request's details stay out of the console. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
