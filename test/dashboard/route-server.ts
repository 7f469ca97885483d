/**
 * A tiny `node:http` server in front of an HttpRouter, for browser tests: IncomingMessage → HttpRequest → router
 * → response. Loopback only, an ephemeral port.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequest } from '#adapters/http/http-message.js';
import type { HttpRouter } from '#adapters/http/http-router.js';

export interface RunningRouteServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Serves `router` on 127.0.0.1. */
export async function startRouteServer(router: HttpRouter): Promise<RunningRouteServer> {
  const server = createServer((incoming, outgoing) => {
    toHttpRequest(incoming)
      .then(router)
      .then((response) => {
        outgoing.writeHead(response.statusCode, response.headers);
        outgoing.end(response.body);
      })
      .catch((error: unknown) => {
        outgoing.writeHead(500, { 'content-type': 'text/plain' });
        outgoing.end(`test server fault: ${String(error)}`);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

async function toHttpRequest(incoming: IncomingMessage): Promise<HttpRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    ...(url.search === '' ? {} : { query: Object.fromEntries(url.searchParams) }),
    headers,
    body: Buffer.concat(chunks),
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
