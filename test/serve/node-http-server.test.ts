/**
 * The local HTTP server with real requests over loopback (fetch and node:http): what a route is handed, the body
 * cap, HEAD, faults, and a graceful stop.
 */
import { request as httpRequest } from 'node:http';
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
