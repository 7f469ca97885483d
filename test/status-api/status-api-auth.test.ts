import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authenticateStatusRequest,
  type StatusApiCredentials,
  type StatusApiKeys,
  StatusAuthError,
} from '#domain/status-api-auth.js';
import { WebhookSignatureError } from '#domain/webhook-errors.js';
import { NOW, PREVIOUS_SECRET, SECRET } from '../webhook/fixtures.js';

const TOKEN = 'status-token-0123456789abcdef0123456789';
const keys = { token: TOKEN, secrets: [SECRET, PREVIOUS_SECRET] };
const clock = () => NOW;

/** The signature written out by hand from the contract: HMAC(secret, "<timestamp>.<METHOD> <path-with-query>"). */
function handSigned(secret: string, timestamp: number, line: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${line}`).digest('hex')}`;
}

function request(overrides: Partial<StatusApiCredentials>): StatusApiCredentials {
  return {
    authorization: undefined,
    timestamp: undefined,
    signature: undefined,
    method: 'GET',
    pathWithQuery: '/jobs?status=failed',
    ...overrides,
  };
}

/** The refusal's class, code and header, or 'accepted'. */
function outcome(credentials: StatusApiCredentials, accepted: StatusApiKeys = keys) {
  try {
    authenticateStatusRequest(credentials, accepted, clock);
    return 'accepted';
  } catch (error) {
    if (error instanceof StatusAuthError || error instanceof WebhookSignatureError) {
      return { error: error.constructor.name, code: error.code, field: error.field };
    }
    throw error;
  }
}

describe('status API authentication', () => {
  it('accepts the bearer token, whatever the case of "Bearer"', () => {
    // Act / Assert
    expect(outcome(request({ authorization: `Bearer ${TOKEN}` }))).toBe('accepted');
    expect(outcome(request({ authorization: `bearer ${TOKEN}` }))).toBe('accepted');
  });

  it('refuses a wrong token, a token when none is configured, and another scheme, naming Authorization', () => {
    // Act
    const wrong = outcome(request({ authorization: `Bearer ${TOKEN}x` }));
    const prefix = outcome(request({ authorization: `Bearer ${TOKEN.slice(0, 10)}` }));
    const unconfigured = outcome(request({ authorization: `Bearer ${TOKEN}` }), { secrets: [SECRET] });
    const basic = outcome(request({ authorization: 'Basic dXNlcjpwYXNz' }));

    // Assert
    const invalid = { error: 'StatusAuthError', code: 'invalid_token', field: 'Authorization' };
    expect(wrong).toEqual(invalid);
    expect(prefix).toEqual(invalid);
    expect(unconfigured).toEqual(invalid);
    expect(basic).toEqual({
      error: 'StatusAuthError',
      code: 'unsupported_authorization_scheme',
      field: 'Authorization',
    });
  });

  it('refuses a request without any credentials, naming Authorization', () => {
    // Act / Assert
    expect(outcome(request({}))).toEqual({
      error: 'StatusAuthError',
      code: 'missing_credentials',
      field: 'Authorization',
    });
  });

  it('accepts the request line signed with the current or the previous secret', () => {
    // Arrange
    const line = 'GET /jobs?status=failed';

    // Act
    const current = outcome(request({ timestamp: String(NOW), signature: handSigned(SECRET, NOW, line) }));
    const previous = outcome(request({ timestamp: String(NOW), signature: handSigned(PREVIOUS_SECRET, NOW, line) }));

    // Assert
    expect(current).toBe('accepted');
    expect(previous).toBe('accepted');
  });

  it('refuses a signature over another path, query or method, naming the signature header', () => {
    // Arrange
    const signature = handSigned(SECRET, NOW, 'GET /jobs?status=failed');
    const refused = { error: 'WebhookSignatureError', code: 'invalid_signature', field: 'X-ManiReports-Signature' };

    // Act / Assert
    expect(outcome(request({ timestamp: String(NOW), signature, pathWithQuery: '/jobs' }))).toEqual(refused);
    expect(outcome(request({ timestamp: String(NOW), signature, pathWithQuery: '/jobs?status=sent' }))).toEqual(
      refused,
    );
    expect(outcome(request({ timestamp: String(NOW), signature, method: 'POST' }))).toEqual(refused);
    expect(
      outcome(request({ timestamp: String(NOW), signature }), { secrets: ['some-other-secret-0123456789abcdef'] }),
    ).toEqual(refused);
  });

  it('refuses a signed request outside the 5-minute window, or without a signature, naming the header', () => {
    // Arrange
    const line = 'GET /jobs?status=failed';
    const old = NOW - 301;

    // Act
    const expired = outcome(request({ timestamp: String(old), signature: handSigned(SECRET, old, line) }));
    const edge = outcome(request({ timestamp: String(NOW - 300), signature: handSigned(SECRET, NOW - 300, line) }));
    const unsigned = outcome(request({ timestamp: String(NOW) }));
    const noTimestamp = outcome(request({ signature: handSigned(SECRET, NOW, line) }));

    // Assert
    expect(expired).toEqual({
      error: 'WebhookSignatureError',
      code: 'stale_timestamp',
      field: 'X-ManiReports-Timestamp',
    });
    expect(edge).toBe('accepted');
    expect(unsigned).toMatchObject({ code: 'missing_signature', field: 'X-ManiReports-Signature' });
    expect(noTimestamp).toMatchObject({ code: 'missing_timestamp', field: 'X-ManiReports-Timestamp' });
  });
});
