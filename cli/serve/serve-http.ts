/**
 * Runs the local server until Ctrl-C: starts it on the local stack, prints where it is and a signed dashboard link,
 * waits for SIGINT or SIGTERM, and stops it. What `serve` and `run --serve` share.
 */
import { CERTIFICATES_PATH } from '#adapters/http/certificate-route.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { startNodeHttpServer } from '#adapters/http/node-http-server.js';
import { VERIFY_PATH } from '#adapters/http/verify-route.js';
import { WEBHOOK_PATH } from '#adapters/http/webhook-route.js';
import { openMoodleBridge } from '#adapters/moodle/open-moodle-bridge.js';
import { readPlannerSettings } from '#config/planner-settings.js';
import { DASHBOARD_LINK_MAX_SECONDS, signDashboardLink } from '#domain/dashboard-link.js';
import type { CliIo } from '../cli-io.js';
import { makeLocalRoutes, type ServeContext } from './local-routes.js';

export interface ServeHttpOptions {
  /** 0: any free port. */
  port: number;
  io: CliIo;
  /** Resolves when the server should stop. @default the first SIGINT or SIGTERM */
  until?: Promise<unknown>;
}

export async function serveHttp(context: ServeContext, options: ServeHttpOptions): Promise<void> {
  const { io } = options;
  const until = options.until ?? stopSignal();
  const bridge = await openMoodleBridge(context.moodle.url, {
    prefix: context.moodle.prefix,
    roleArchetypes: readPlannerSettings(context.env).roleArchetypes,
  });
  const server = await startNodeHttpServer({
    router: makeHttpRouter(makeLocalRoutes(context, bridge), {
      onFault: (error) => io.err(`request failed: ${describe(error)}`),
    }),
    port: options.port,
    onError: (error) => io.err(`connection failed: ${describe(error)}`),
  }).catch(async (error: unknown) => {
    await bridge.close();
    throw error;
  });
  try {
    io.out(`Serving on ${server.url} (Ctrl-C to stop)`);
    io.out(`  webhook:      POST ${server.url}${WEBHOOK_PATH}`);
    io.out(`  verification: GET  ${server.url}${VERIFY_PATH}/{code}`);
    io.out(`  certificates: GET  ${server.url}${CERTIFICATES_PATH}/{code} (the links in certificate emails)`);
    io.out(`  status API:   GET  ${server.url}/jobs, /schedules (signed or bearer, docs/moodle-integration.md)`);
    const expires = context.clock() + DASHBOARD_LINK_MAX_SECONDS;
    io.out(`  dashboard:    ${server.url}${signDashboardLink(context.secrets[0] ?? '', expires)} (valid for an hour)`);
    await until;
    io.err('Stopping…');
  } finally {
    await server.stop();
    await bridge.close();
  }
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
