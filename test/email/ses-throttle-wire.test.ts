/**
 * aws-ses-v2-local cannot throttle, so this file stands up a loopback HTTP server that answers `SendEmail` the way
 * SES v2 does when the send rate is exceeded (HTTP 429, `x-amzn-ErrorType: TooManyRequestsException`). No mock is
 * involved: the real SDK client sends, parses the error response and the adapter classifies it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeSesMailer } from '#adapters/email/ses-mailer.js';
import { MailThrottledError } from '#domain/mailer.js';

let server: Server;
let endpoint: string;
const requests: string[] = [];

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    request.on('end', () => {
      response.writeHead(429, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'TooManyRequestsException:http://internal.amazon.com/coral/com.amazonaws.sesv2/',
      });
      response.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  vi.unstubAllEnvs();
});

describe('SES throttling on the wire', () => {
  it('turns a 429 TooManyRequestsException into MailThrottledError after a single attempt', async () => {
    // Arrange
    const mailer = makeSesMailer({ configurationSetName: 'manireports', endpoint, region: 'eu-west-1' });

    // Act
    const error = await mailer
      .send({ from: 'noreply@moodle.example', to: 'learner@example.com', subject: 'Hi', text: 'Hello' })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );

    // Assert: one request only, because the SDK's own retries are off and the caller owns the retry policy.
    expect(error).toBeInstanceOf(MailThrottledError);
    expect((error as Error).cause).toMatchObject({ name: 'TooManyRequestsException' });
    expect(requests).toEqual(['POST /v2/email/outbound-emails']);
  });
});
