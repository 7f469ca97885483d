/**
 * `GET /verify/{code}` over real HTTP (the local server in front of the router) with the registry on dynalite: JSON
 * for API clients, an escaped HTML page for browsers, and "unknown" (404, never a 5xx) for anything else typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoCertificateRegistry } from '#adapters/dynamodb/dynamo-certificate-registry.js';
import { prefersHtml } from '#adapters/http/content-negotiation.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { type NodeHttpServer, startNodeHttpServer } from '#adapters/http/node-http-server.js';
import { makeVerifyRoutes } from '#adapters/http/verify-route.js';
import { buildVerificationUrl } from '#domain/certificate.js';
import type { CertificateRecord } from '#domain/certificate-registry.js';
import { normalizeTypedCode } from '#domain/typed-verification-code.js';
import { makeVerifyCertificate } from '#use-cases/verify-certificate.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';

const CODE = '7K3M-9QXH-2B4N-D8RT';
const RECORD: CertificateRecord = {
  verificationCode: CODE,
  name: 'Zoë <script>alert("x")</script> O’Brien & Co',
  course: 'Workplace Safety',
  issuedOn: '2026-04-16',
  issuedOnText: 'April 16, 2026',
  issuedAt: Date.UTC(2026, 3, 16, 8) / 1000,
  jobId: 'schedule-3-slot-1776326400',
  scheduleId: 3,
  userId: 345,
  certificateKey: `certificates/schedule-3/1776326400/user-345-${CODE}.pdf`,
};
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let dynamo: LocalDynamoDb;
let server: NodeHttpServer;

beforeAll(async () => {
  dynamo = await startLocalDynamoDb();
  const registry = makeDynamoCertificateRegistry({ client: dynamo.client, tableName: dynamo.tables.certificates });
  await registry.register(RECORD);
  const router = makeHttpRouter(makeVerifyRoutes({ verifyCertificate: makeVerifyCertificate({ registry }) }));
  server = await startNodeHttpServer({ router, port: 0 });
});
afterAll(async () => {
  await server.stop();
  await dynamo.stop();
});

describe('GET /verify/{code}', () => {
  it('answers a known code with name, course and issue date as JSON, and nothing more', async () => {
    // Act
    const response = await fetch(`${server.url}/verify/${CODE}`);

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('vary')).toBe('accept');
    expect(await response.json()).toEqual({
      status: 'valid',
      certificate: { code: CODE, name: RECORD.name, course: 'Workplace Safety', issuedOn: '2026-04-16' },
    });
  });

  it.each([
    ['lower case', '7k3m-9qxh-2b4n-d8rt'],
    ['spaces instead of dashes', '7K3M%209QXH%202B4N%20D8RT'],
    ['no separators', '7K3M9QXH2B4ND8RT'],
  ])('finds the certificate for a code typed in %s', async (_label, typed) => {
    // Act
    const response = await fetch(`${server.url}/verify/${typed}`);

    // Assert
    expect(response.status).toBe(200);
    expect(((await response.json()) as { certificate: { code: string } }).certificate.code).toBe(CODE);
  });

  it('answers the query form the QR code carries (MANIREPORTS_VERIFY_BASE_URL = <base>/verify)', async () => {
    // Arrange: the URL exactly as the certificate worker prints it.
    const qrUrl = buildVerificationUrl(`${server.url}/verify`, CODE);

    // Act
    const response = await fetch(qrUrl);

    // Assert
    expect(qrUrl).toBe(`${server.url}/verify?code=${CODE}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('valid');
  });

  it('answers an unknown code 404 with the canonical code', async () => {
    // Act
    const response = await fetch(`${server.url}/verify/0000-0000-0000-000o`);

    // Assert
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ status: 'unknown', code: '0000-0000-0000-0000' });
  });

  it.each([
    ['a NUL byte', '%00', '\u0000'],
    ['a code with a U', 'UUUU-UUUU-UUUU-UUUU', 'UUUU-UUUU-UUUU-UUUU'],
    ['a path-like value', '..%2F..%2Fetc', '../../etc'],
    ['a very long value', 'A'.repeat(5000), 'A'.repeat(64)],
    ['HTML', '%3Cb%3E', '<b>'],
  ])('answers %s as unknown (404), never a 5xx', async (_label, typed, echoed) => {
    // Act
    const response = await fetch(`${server.url}/verify/${typed}`);

    // Assert
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ status: 'unknown', code: echoed });
  });

  it('answers /verify without a code as unknown', async () => {
    // Act
    const response = await fetch(`${server.url}/verify`);

    // Assert
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ status: 'unknown', code: '' });
  });

  it('gives a browser an HTML page with every value escaped and scripts forbidden', async () => {
    // Act
    const response = await fetch(`${server.url}/verify/${CODE.toLowerCase()}`, {
      headers: { accept: BROWSER_ACCEPT },
    });

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('Valid certificate');
    expect(html).toContain('Zoë &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O’Brien &amp; Co');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<time datetime="2026-04-16">April 16, 2026</time>');
    expect(html).not.toContain(RECORD.jobId);
    expect(html).not.toContain(RECORD.certificateKey);
  });

  it('gives a browser an escaped "unknown" page with status 404', async () => {
    // Act
    const response = await fetch(`${server.url}/verify/%3Cimg%20src%3Dx%3E%00`, {
      headers: { accept: BROWSER_ACCEPT },
    });

    // Assert
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('Unknown certificate');
    expect(html).toContain('<code>&lt;img src=x&gt;</code>');
  });
});

describe('what a typed code means', () => {
  it.each([
    [' 7k3m 9qxh-2b4n_d8rt ', CODE],
    ['7K3M\u20129QXH\u20142B4N\u2212D8RT', CODE],
    ['OOOO-IIII-LLLL-0000', '0000-1111-1111-0000'],
    ['7K3M-9QXH-2B4N', undefined],
    ['7K3M-9QXH-2B4N-D8RT-0', undefined],
    ['7K3M-9QXH-2B4N-D8R!', undefined],
    ['', undefined],
  ])('%j is %j', (typed, expected) => {
    // Act / Assert
    expect(normalizeTypedCode(typed)).toBe(expected);
  });
});

describe('which representation a client prefers', () => {
  it.each([
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['text/html', true],
    [BROWSER_ACCEPT, true],
    ['application/json, text/html;q=0.5', false],
    ['text/html;q=0.5, application/json', false],
    ['text/*, application/json;q=0.9', true],
    ['text/html, application/json', false],
  ])('Accept %j → HTML: %s', (accept, expected) => {
    // Act / Assert
    expect(prefersHtml(accept)).toBe(expected);
  });
});
