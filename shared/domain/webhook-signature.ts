/**
 * The webhook signature: `X-ManiReports-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>`
 * with `X-ManiReports-Timestamp: <epoch seconds>`. Pure functions: the secrets, the clock and the raw body are
 * passed in. Callbacks to Moodle are signed the same way ({@link signWebhookBody}).
 */
import { createHmac } from 'node:crypto';
import { matchesAnySecret } from './hmac-match.js';
import { WebhookSignatureError } from './webhook-errors.js';

export const TIMESTAMP_HEADER = 'x-manireports-timestamp';
export const SIGNATURE_HEADER = 'x-manireports-signature';
export const SIGNATURE_SCHEME = 'v1';
/** How far a timestamp may be from now, either way, before the request counts as a replay. */
export const REPLAY_WINDOW_SECONDS = 300;

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** The hex HMAC-SHA256 of `timestamp + "." + rawBody` under `secret`. */
export function computeSignature(secret: string, timestamp: string, rawBody: Uint8Array | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The full `X-ManiReports-Signature` value for a body sent at `timestamp` (epoch seconds). */
export function signWebhookBody(secret: string, timestamp: number, rawBody: Uint8Array | string): string {
  return `${SIGNATURE_SCHEME}=${computeSignature(secret, String(timestamp), rawBody)}`;
}

/** What {@link verifyWebhookSignature} checks. */
export interface SignedRequest {
  /** The `X-ManiReports-Timestamp` header, as received. */
  timestamp: string | undefined;
  /** The `X-ManiReports-Signature` header, as received. */
  signature: string | undefined;
  /**
   * The body exactly as received: the signature covers bytes, not the parsed JSON. For a request without a body
   * (the status API) the signed text instead: see {@link signedRequestLine}.
   */
  rawBody: Uint8Array | string;
}

/**
 * Accepts the request when its timestamp is within {@link REPLAY_WINDOW_SECONDS} of `now()` (epoch seconds) and
 * its signature matches any of `secrets` (the current one and, during a rotation, the previous one).
 * Every secret is compared, in constant time, so the time taken says nothing about which one matched.
 * @throws WebhookSignatureError naming the header at fault.
 */
export function verifyWebhookSignature(request: SignedRequest, secrets: readonly string[], now: () => number): void {
  const { timestamp, signature, rawBody } = request;
  if (timestamp === undefined || timestamp === '') {
    throw new WebhookSignatureError('missing_timestamp', 'X-ManiReports-Timestamp', 'timestamp header is missing');
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new WebhookSignatureError('invalid_timestamp', 'X-ManiReports-Timestamp', 'must be whole epoch seconds');
  }
  if (Math.abs(now() - Number(timestamp)) > REPLAY_WINDOW_SECONDS) {
    throw new WebhookSignatureError(
      'stale_timestamp',
      'X-ManiReports-Timestamp',
      `must be within ${REPLAY_WINDOW_SECONDS} seconds of the server's clock`,
    );
  }
  if (signature === undefined || signature === '') {
    throw new WebhookSignatureError('missing_signature', 'X-ManiReports-Signature', 'signature header is missing');
  }
  const [scheme, hex] = splitOnce(signature.trim(), '=');
  if (scheme !== SIGNATURE_SCHEME || hex === undefined || !SHA256_HEX.test(hex)) {
    throw new WebhookSignatureError(
      'unsupported_signature_scheme',
      'X-ManiReports-Signature',
      `must be ${SIGNATURE_SCHEME}=<64 hex digits>`,
    );
  }
  if (!matchesAnySecret(hex, secrets, (secret) => computeSignature(secret, timestamp, rawBody))) {
    throw new WebhookSignatureError(
      'invalid_signature',
      'X-ManiReports-Signature',
      'signature does not match the body and timestamp',
    );
  }
}

/**
 * What stands in for the body when a request without one is signed (the status API): `<METHOD> <path-with-query>`,
 * e.g. `GET /jobs?status=failed`, so the signed message is `<timestamp>.GET /jobs?status=failed`. The path and query
 * are taken exactly as sent, without re-encoding.
 */
export function signedRequestLine(method: string, pathWithQuery: string): string {
  return `${method.toUpperCase()} ${pathWithQuery}`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
