/**
 * The local HTTP server: `node:http` on loopback in front of a {@link HttpRouter}, so the routes that run behind API
 * Gateway in AWS run unchanged on this machine (`manireports-cloud serve`, `npm start`, the tests). It plays API
 * Gateway's part: reads the body up to a cap (413 beyond, after reading the rest of the upload up to a bound so the
 * client gets the answer, not a reset), hands the route the raw path, the decoded query and
 * lower-case headers, and answers HEAD like GET without a body.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '#domain/errors.js';
import { toErrorResponse } from './error-response.js';
import { PayloadTooLargeError } from './http-errors.js';
import type { HttpRequest, HttpResponse } from './http-message.js';
import type { HttpRouter } from './http-router.js';

/** API Gateway's HTTP APIs accept up to 10 MB; nothing here needs more than the webhook's 64 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/**
 * How much of an over-size body is read and thrown away before the 413 goes out. A client sends its whole body
 * before it reads the answer; closing the connection while its upload is still arriving makes the kernel reset it,
 * and the client sees a reset instead of the 413. Beyond this bound the answer goes out at once and the connection
 * is cut: reading on would let anyone keep the server busy with an endless upload.
 */
export const DEFAULT_MAX_DISCARD_BYTES = 16 * 1024 * 1024;
/** How long a stop waits for requests in progress before it cuts their connections. */
const STOP_GRACE_MS = 2000;

export interface NodeHttpServerOptions {
  router: HttpRouter;
  /** 0: any free port (tests). */
  port: number;
  /** @default '127.0.0.1': nothing on the network can reach it. */
  host?: string;
  /** @default DEFAULT_MAX_BODY_BYTES */
  maxBodyBytes?: number;
  /** @default DEFAULT_MAX_DISCARD_BYTES */
  maxDiscardBytes?: number;
  /** Told about a failure outside the router (a broken connection mid-response, say). */
  onError?: (error: unknown) => void;
}

export interface NodeHttpServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  port: number;
  /** Stops accepting, lets requests in progress finish (briefly), then closes every connection; safe to call twice. */
  stop(): Promise<void>;
}

/** The server could not listen (the port is taken, say). */
export class HttpServerError extends AppError {}

export async function startNodeHttpServer(options: NodeHttpServerOptions): Promise<NodeHttpServer> {
  const {
    router,
    host = '127.0.0.1',
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    maxDiscardBytes = DEFAULT_MAX_DISCARD_BYTES,
  } = options;
  let stopping: Promise<void> | undefined;
  const server = createServer((incoming, outgoing) => {
    serve(incoming, outgoing).catch((error: unknown) => {
      options.onError?.(error);
      if (!outgoing.headersSent) send(outgoing, toErrorResponse(error), false);
      else outgoing.destroy();
    });
  });

  async function serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const head = incoming.method === 'HEAD';
    const body = await readBody(incoming, maxBodyBytes, Math.max(maxBodyBytes, maxDiscardBytes));
    if (body instanceof TooLarge) {
      // The upload was read to its end (and thrown away), so the client is reading when the 413 arrives; the
      // connection is closed after it. Past the discard bound the rest is never read: the connection is cut.
      outgoing.setHeader('connection', 'close');
      send(outgoing, toErrorResponse(body.error), head);
      if (!body.drained) outgoing.once('finish', () => incoming.socket.destroy());
      return;
    }
    const request = toHttpRequest(incoming, body);
    const response = await router(head ? { ...request, method: 'GET' } : request);
    // A keep-alive connection would hold a stopping server open until the grace period ends.
    if (stopping !== undefined) outgoing.setHeader('connection', 'close');
    send(outgoing, response, head);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new HttpServerError(`could not listen on ${host}:${options.port}: ${error.code ?? error.message}`, {
          cause: error,
        }),
      ),
    );
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
      return stopping;
    },
  };
}

/** A body over the cap; `drained`: it was read to its end, so the client is ready for the answer. */
class TooLarge {
  constructor(
    readonly error: PayloadTooLargeError,
    readonly drained: boolean,
  ) {}
}

/**
 * The body, or {@link TooLarge} when it exceeds `limit`. An over-size body is read on and discarded (nothing past
 * `limit` is kept) until it ends, or until it is known to exceed `discardLimit`.
 */
async function readBody(
  incoming: IncomingMessage,
  limit: number,
  discardLimit: number,
): Promise<Uint8Array | TooLarge> {
  const declared = Number(incoming.headers['content-length'] ?? 0);
  if (declared > discardLimit) return new TooLarge(new PayloadTooLargeError(declared, limit), false);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > discardLimit) return new TooLarge(new PayloadTooLargeError(size, limit), false);
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) return new TooLarge(new PayloadTooLargeError(size, limit), true);
  return Buffer.concat(chunks);
}

/** As API Gateway hands it over: the raw path (the router decodes parameters), the query decoded, last value wins. */
function toHttpRequest(incoming: IncomingMessage, body: Uint8Array): HttpRequest {
  const target = incoming.url ?? '/';
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const search = queryStart === -1 ? '' : target.slice(queryStart + 1);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: incoming.method ?? 'GET',
    path: path.startsWith('/') ? path : `/${path}`,
    ...(search === '' ? {} : { query: Object.fromEntries(new URLSearchParams(search)) }),
    headers,
    body,
  };
}

function send(outgoing: ServerResponse, response: HttpResponse, head: boolean): void {
  outgoing.writeHead(response.statusCode, {
    ...response.headers,
    'content-length': Buffer.byteLength(response.body),
  });
  outgoing.end(head ? undefined : response.body);
}
