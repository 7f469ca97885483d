/**
 * Who may read the status API (`/jobs*`, `/schedules`): a caller holding the bearer token, or Moodle signing the
 * request line with the webhook secret (`X-ManiReports-Signature: v1=HMAC(secret, timestamp + "." + METHOD + " " +
 * path-with-query)`, the same 5-minute window, the current or the previous secret). Pure: headers, secrets and the
 * clock are passed in.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from './errors.js';
import { signedRequestLine, verifyWebhookSignature } from './webhook-signature.js';

/** Codes of a refused status-API request (401). */
export type StatusAuthProblem = 'missing_credentials' | 'unsupported_authorization_scheme' | 'invalid_token';

/** The request carries no credentials, or a bearer token that is not the configured one. `field` is the header. */
export class StatusAuthError extends AppError {
  constructor(
    readonly code: StatusAuthProblem,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The credentials a request presents, from its headers (lower-case names) and request line. */
export interface StatusApiCredentials {
  authorization: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  method: string;
  /** The path and the query string exactly as sent (`/jobs?status=failed`). */
  pathWithQuery: string;
}

/** What is accepted. */
export interface StatusApiKeys {
  /** The bearer token; without one, only signed requests are accepted. */
  token?: string;
  /** The webhook secrets, current first. */
  secrets: readonly string[];
}

/**
 * Accepts the request or throws. An `Authorization` header decides for the bearer scheme; otherwise the request
 * must be signed.
 * @throws StatusAuthError, or WebhookSignatureError for a signed request that does not verify; both name the header.
 */
export function authenticateStatusRequest(
  credentials: StatusApiCredentials,
  keys: StatusApiKeys,
  now: () => number,
): void {
  const { authorization, timestamp, signature } = credentials;
  if (authorization !== undefined && authorization !== '') {
    const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(authorization);
    if (match === null) {
      throw new StatusAuthError('unsupported_authorization_scheme', 'Authorization', 'must be "Bearer <token>"');
    }
    if (keys.token === undefined || !sameSecret(match[1] as string, keys.token)) {
      throw new StatusAuthError('invalid_token', 'Authorization', 'the bearer token is not valid');
    }
    return;
  }
  if ((timestamp === undefined || timestamp === '') && (signature === undefined || signature === '')) {
    throw new StatusAuthError(
      'missing_credentials',
      'Authorization',
      'send "Authorization: Bearer <token>", or sign the request with X-ManiReports-Timestamp and X-ManiReports-Signature',
    );
  }
  verifyWebhookSignature(
    { timestamp, signature, rawBody: signedRequestLine(credentials.method, credentials.pathWithQuery) },
    keys.secrets,
    now,
  );
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function sameSecret(received: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(expected));
}
