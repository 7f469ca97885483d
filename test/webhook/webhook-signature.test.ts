import { describe, expect, it } from 'vitest';
import { WebhookSignatureError } from '#domain/webhook-errors.js';
import { computeSignature, signWebhookBody, verifyWebhookSignature } from '#domain/webhook-signature.js';
import { NOW, PREVIOUS_SECRET, SECRET } from './fixtures.js';

const body = Buffer.from(
  '{"id":"evt-1","type":"schedule.deleted","occurredAt":"2026-03-02T09:00:00Z","schedule":{"id":7}}',
);
const clock = () => NOW;

function signed(secret: string, timestamp: number, raw: Uint8Array = body) {
  return { timestamp: String(timestamp), signature: signWebhookBody(secret, timestamp, raw), rawBody: raw };
}

/** Runs the verification and returns the refusal (or undefined when accepted). */
function refusal(request: Parameters<typeof verifyWebhookSignature>[0], secrets = [SECRET]) {
  try {
    verifyWebhookSignature(request, secrets, clock);
    return undefined;
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error;
    return { code: error.code, field: error.field };
  }
}

describe('webhook signature', () => {
  it('is v1= and the hex HMAC-SHA256 of "timestamp.body"', () => {
    // Arrange
    const expected = computeSignature(SECRET, String(NOW), body);

    // Act
    const header = signWebhookBody(SECRET, NOW, body);

    // Assert
    expect(header).toBe(`v1=${expected}`);
    expect(header).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('accepts a request signed with the current secret', () => {
    // Arrange
    const request = signed(SECRET, NOW);

    // Act
    const result = refusal(request);

    // Assert
    expect(result).toBeUndefined();
  });

  it('accepts either secret during a rotation, and only those', () => {
    // Arrange
    const secrets = [SECRET, PREVIOUS_SECRET];

    // Act
    const withCurrent = refusal(signed(SECRET, NOW), secrets);
    const withPrevious = refusal(signed(PREVIOUS_SECRET, NOW), secrets);
    const withOther = refusal(signed('some-other-secret-0123456789abcdef0123', NOW), secrets);
    const previousAfterRotation = refusal(signed(PREVIOUS_SECRET, NOW), [SECRET]);

    // Assert
    expect(withCurrent).toBeUndefined();
    expect(withPrevious).toBeUndefined();
    expect(withOther).toEqual({ code: 'invalid_signature', field: 'X-ManiReports-Signature' });
    expect(previousAfterRotation).toEqual({ code: 'invalid_signature', field: 'X-ManiReports-Signature' });
  });

  it('accepts timestamps up to 5 minutes off either way and refuses beyond', () => {
    // Act
    const edges = [NOW - 300, NOW + 300].map((t) => refusal(signed(SECRET, t)));
    const stale = [NOW - 301, NOW + 301].map((t) => refusal(signed(SECRET, t)));

    // Assert
    expect(edges).toEqual([undefined, undefined]);
    expect(stale).toEqual([
      { code: 'stale_timestamp', field: 'X-ManiReports-Timestamp' },
      { code: 'stale_timestamp', field: 'X-ManiReports-Timestamp' },
    ]);
  });

  it('refuses a tampered body, and a signature moved to another timestamp', () => {
    // Arrange
    const original = signed(SECRET, NOW);
    const tampered = { ...original, rawBody: Buffer.from(body.toString().replace('"id":7', '"id":8')) };
    const retimed = { ...original, timestamp: String(NOW + 1) };

    // Act / Assert
    expect(refusal(tampered)).toEqual({ code: 'invalid_signature', field: 'X-ManiReports-Signature' });
    expect(refusal(retimed)).toEqual({ code: 'invalid_signature', field: 'X-ManiReports-Signature' });
  });

  it('refuses another scheme, a malformed digest and an upper-case-only difference in scheme', () => {
    // Arrange
    const good = signed(SECRET, NOW);
    const hex = good.signature.slice(3);
    const variants = [`v0=${hex}`, `sha256=${hex}`, hex, 'v1=abc', `v1=${hex}00`, `V1=${hex}`];

    // Act
    const results = variants.map((signature) => refusal({ ...good, signature }));

    // Assert
    for (const result of results) {
      expect(result).toEqual({ code: 'unsupported_signature_scheme', field: 'X-ManiReports-Signature' });
    }
  });

  it('names the missing or malformed header', () => {
    // Arrange
    const good = signed(SECRET, NOW);

    // Act / Assert
    expect(refusal({ ...good, timestamp: undefined })).toEqual({
      code: 'missing_timestamp',
      field: 'X-ManiReports-Timestamp',
    });
    expect(refusal({ ...good, timestamp: '2026-03-02T09:00:00Z' })).toEqual({
      code: 'invalid_timestamp',
      field: 'X-ManiReports-Timestamp',
    });
    expect(refusal({ ...good, signature: undefined })).toEqual({
      code: 'missing_signature',
      field: 'X-ManiReports-Signature',
    });
  });
});
