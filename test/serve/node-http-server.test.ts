/**
 * The local HTTP server with real requests over loopback (fetch and node:http): what a route is handed, the body
 * cap, HEAD, faults, and a graceful stop.
 */
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonResponse } from '#adapters/http/http-message.js';
import { type HttpRoute, makeHttpRouter } from '#adapters/http/http-router.js';
import { type NodeHttpServer, startNodeHttpServer } from '#adapters/http/node-http-server.js';

/** Answers with what it was given, so a test sees the request exactly as a route does. */
const ECHO_ROUTE = (method: 'GET' | 'POST'): HttpRoute => ({
  method,
  pattern: '/echo/{name}',
  async handle(request, params) {
    return jsonResponse(200, {
      method: request.method,
      path: request.path,
      params,
      query: request.query ?? null,
      headers: request.headers,
      body: Buffer.from(request.body).toString('base64'),
    });
  },
});

let server: NodeHttpServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(routes: HttpRoute[], maxBodyBytes?: number): Promise<NodeHttpServer> {
  server = await startNodeHttpServer({
    router: makeHttpRouter(routes),
    port: 0,
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  });
  return server;
}

/**
 * POSTs `body` as a client on a real network does — in pieces, a little at a time, reading the answer only once
 * all is sent — and reports the status line, or the error that came instead.
 */
function postWhole(port: number, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/echo/webhook', headers: { 'content-length': body.length } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(`status ${response.statusCode}`));
        response.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
    void (async () => {
      for (let at = 0; at < body.length; at += PIECE_BYTES) {
        if (request.destroyed) return;
        request.write(body.subarray(at, at + PIECE_BYTES));
        await sleep(2);
      }
      request.end();
    })();
  });
}

const PIECE_BYTES = 256 * 1024;

describe('the local HTTP server', () => {
  it('listens on loopback at the port the OS picked and says so in its URL', async () => {
    // Act
    const started = await start([ECHO_ROUTE('GET')]);

    // Assert
    expect(started.port).toBeGreaterThan(0);
    expect(started.url).toBe(`http://127.0.0.1:${started.port}`);
  });

  it('hands a route the raw path, the decoded query (last value wins) and lower-case headers', async () => {
    // Arrange
    const { url } = await start([ECHO_ROUTE('GET')]);

    // Act
    const response = await fetch(`${url}/echo/a%20b?status=fa%69led&x=1&x=2&text=caf%C3%A9+au+lait`, {
      headers: { 'X-Custom-Header': 'Value' },
    });

    // Assert
    expect(response.status).toBe(200);
    const echoed = await response.json();
    expect(echoed).toMatchObject({
      method: 'GET',
      path: '/echo/a%20b',
      params: { name: 'a b' },
      query: { status: 'failed', x: '2', text: 'café au lait' },
      headers: { 'x-custom-header': 'Value' },
    });
  });

  it('gives no query at all when the URL has none, and the body byte for byte', async () => {
    // Arrange
    const { url } = await start([ECHO_ROUTE('POST')]);
    const body = Buffer.from([0x7b, 0x00, 0xff, 0xc3, 0xa9, 0x7d]);

    // Act
    const response = await fetch(`${url}/echo/raw`, { method: 'POST', body });

    // Assert
    const echoed = (await response.json()) as { query: unknown; body: string };
    expect(echoed.query).toBeNull();
    expect(Buffer.from(echoed.body, 'base64')).toEqual(body);
  });

  it('refuses a body over the cap with 413, whether its length is declared or streamed', async () => {
    // Arrange
    const { url } = await start([ECHO_ROUTE('POST')], 1024);
    const big = Buffer.alloc(4096, 0x61);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i += 1) controller.enqueue(big.subarray(0, 1024));
        controller.close();
      },
    });

    // Act
    const declared = await fetch(`${url}/echo/big`, { method: 'POST', body: big });
    const streamed = await fetch(`${url}/echo/big`, { method: 'POST', body: chunked, duplex: 'half' } as RequestInit);
    const atTheCap = await fetch(`${url}/echo/ok`, { method: 'POST', body: big.subarray(0, 1024) });

    // Assert
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      error: { code: 'payload_too_large', message: 'body is 4096 bytes; the limit is 1024' },
    });
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(atTheCap.status).toBe(200);
  });

  it('answers a 3 MB webhook body with its 413 every time, never a reset (the upload is read and thrown away)', async () => {
    // Arrange: the default cap (1 MiB), as `serve` runs it; a body three times over it.
    server = await startNodeHttpServer({ router: makeHttpRouter([ECHO_ROUTE('POST')]), port: 0 });
    const body = Buffer.alloc(3 * 1024 * 1024, 0x7b);

    // Act: node:http as a plain client (curl, PHP) behaves: send the whole body, then read the answer. A reset shows
    // up as an error instead of a status.
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 20; attempt += 1) outcomes.push(await postWhole(server.port, body));

    // Assert
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => 'status 413'));
  });

  it('cuts an upload past the discard bound instead of reading it for ever', async () => {
    // Arrange: a 1 KiB cap and a 4 KiB discard bound; a declared 64 KiB body is not read at all.
    server = await startNodeHttpServer({
      router: makeHttpRouter([ECHO_ROUTE('POST')]),
      port: 0,
      maxBodyBytes: 1024,
      maxDiscardBytes: 4096,
    });
    const { port } = server;

    // Act: node:http, to see the status line before the connection goes, or the reset itself.
    const outcome = await new Promise<string>((resolve) => {
      const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/echo/big' }, (response) => {
        resolve(`status ${response.statusCode}`);
        response.resume();
      });
      request.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
      request.setHeader('content-length', 65_536);
      request.end(Buffer.alloc(65_536, 0x61));
    });

    // Assert: either the 413 got out first or the connection was cut; the server never waited for the body.
    expect(outcome).toMatch(/^(status 413|error (ECONNRESET|EPIPE))$/);
  });

  it('answers HEAD like GET without a body, and 404/405 through the router', async () => {
    // Arrange
    const { url } = await start([ECHO_ROUTE('GET')]);

    // Act
    const head = await fetch(`${url}/echo/x`, { method: 'HEAD' });
    const missing = await fetch(`${url}/nowhere`);
    const wrongMethod = await fetch(`${url}/echo/x`, { method: 'POST', body: '{}' });

    // Assert
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await head.text()).toBe('');
    expect(missing.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  it('turns a fault into a bare 500 without details', async () => {
    // Arrange: a route that throws stands in for a fault no server here can produce on demand.
    const failing: HttpRoute = {
      method: 'GET',
      pattern: '/boom',
      handle: async () => {
        throw new Error('secret detail');
      },
    };
    const { url } = await start([failing]);

    // Act
    const response = await fetch(`${url}/boom`);

    // Assert
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret detail');
  });

  it('lets a request in progress finish on stop, then refuses new connections', async () => {
    // Arrange
    let entered = false;
    let release: () => void = () => undefined;
    const slow: HttpRoute = {
      method: 'GET',
      pattern: '/slow',
      handle: () =>
        new Promise((resolve) => {
          entered = true;
          release = () => resolve(jsonResponse(200, { done: true }));
        }),
    };
    const started = await start([slow]);
    const inFlight = fetch(`${started.url}/slow`);
    await waitFor(() => entered);

    // Act
    const stopped = started.stop();
    release();
    const response = await inFlight;
    await stopped;

    // Assert
    expect(await response.json()).toEqual({ done: true });
    await expect(rawGet(started.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('names the port when it cannot listen', async () => {
    // Arrange
    const taken = await start([]);

    // Act
    const act = startNodeHttpServer({ router: makeHttpRouter([]), port: taken.port });

    // Assert
    await expect(act).rejects.toThrow(`could not listen on 127.0.0.1:${taken.port}: EADDRINUSE`);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

function rawGet(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
