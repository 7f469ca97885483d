/**
 * aws-ses-v2-local (SES v1 and v2) in this process. Its mail store is one per process and in memory: two instances
 * share it. Given a `spoolDir`, a server writes each mail it accepts to that folder instead (see ses-mail-spool.ts),
 * before it answers, and keeps none in memory.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';
import { getStoreReadonly } from 'aws-ses-v2-local/dist/store.js';
import { SES_TAG_JOB_ID, SES_TAG_USER_ID } from '#domain/ses-event.js';
import { endpointOf, type LocalServer } from './local-server.js';
import { type SesLocalEmail, spoolMail } from './ses-mail-spool.js';

export interface SesLocalOptions {
  /** Where this server's mail goes (created when missing); undefined: SES local's own in-memory store. */
  spoolDir?: string;
}

/** Starts the SES server on 127.0.0.1 with a port the OS picks. Read sent mail at `GET <endpoint>/store`. */
export async function startSesLocal(options: SesLocalOptions = {}): Promise<LocalServer> {
  // The package is CommonJS with `exports.default`: Node's ESM loader hands over the module object, a bundler's
  // interop may hand over the function itself.
  const loaded: unknown = sesLocal;
  const start = typeof loaded === 'function' ? (loaded as typeof sesLocal.default) : sesLocal.default;
  const server = await start({ host: '127.0.0.1', port: 0 });
  if (options.spoolDir !== undefined) spoolRequestsOf(server, options.spoolDir);
  return { endpoint: endpointOf(server.address()), stop: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    // Keep-alive sockets from SDK clients would otherwise hold close() open until they time out.
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}

/** The request being handled and the spool of the server it came to, across the handler's awaits. */
interface SpoolContext {
  request: IncomingMessage & { body?: unknown };
  spoolDir: string;
}
const handling = new AsyncLocalStorage<SpoolContext>();

/** Runs every request of `server` inside a context naming its spool, which the store's hook below reads. */
function spoolRequestsOf(server: Server, spoolDir: string): void {
  installStoreHook();
  const listeners = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response) => {
    handling.run({ request, spoolDir }, () => {
      for (const listener of listeners) listener.call(server, request, response);
    });
  });
}

let hookInstalled = false;

/**
 * Every send ends in `store.emails.push(email)`. The hook sends a mail that arrives through a spooling server to
 * its spool (with the SES message tags from the request body) and leaves the others to the in-memory store.
 */
function installStoreHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  const store = getStoreReadonly() as { emails: SesLocalEmail[] };
  let emails = withSpoolingPush(store.emails);
  // `clear-store` assigns a new array: it gets the hook too.
  Object.defineProperty(store, 'emails', {
    configurable: true,
    enumerable: true,
    get: () => emails,
    set: (value: SesLocalEmail[]) => {
      emails = withSpoolingPush(value);
    },
  });
}

function withSpoolingPush(array: SesLocalEmail[]): SesLocalEmail[] {
  array.push = function push(this: SesLocalEmail[], ...items: SesLocalEmail[]): number {
    const context = handling.getStore();
    if (context === undefined) return Array.prototype.push.apply(this, items);
    for (const email of items) spoolMail(context.spoolDir, email, tagsOf(context.request.body));
    return this.length;
  };
  return array;
}

/** SES v2 `EmailTags` (`jobId`, `userId`) of a SendEmail request body. */
function tagsOf(body: unknown): { jobId?: string | undefined; userId?: string | undefined } {
  const tags = (body as { EmailTags?: unknown } | undefined)?.EmailTags;
  if (!Array.isArray(tags)) return {};
  const value = (name: string) => {
    const tag = tags.find((entry) => (entry as { Name?: unknown })?.Name === name) as { Value?: unknown } | undefined;
    return typeof tag?.Value === 'string' ? tag.Value : undefined;
  };
  return { jobId: value(SES_TAG_JOB_ID), userId: value(SES_TAG_USER_ID) };
}
