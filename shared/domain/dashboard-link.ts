/**
 * The signed, short-lived dashboard link that Moodle hands to an admin.
 *
 * Format: `GET /dashboard?expires=<E>&signature=<S>` where
 * - `E` is the moment the link stops working, in whole Unix epoch seconds (decimal digits only);
 * - `S` is the lower-case hex HMAC-SHA256, keyed with the shared webhook secret, of the ASCII message
 *   `"dashboard." + E` (for example `dashboard.1767229200`).
 *
 * The link is accepted while `now <= E <= now + 3600`: a link valid for longer than an hour is refused as well as
 * an expired one, so a leaked link is worth little. Both the current and (during a rotation) the previous secret
 * are accepted. PHP: `hash_hmac('sha256', 'dashboard.' . $expires, $secret)`.
 */
import { createHmac } from 'node:crypto';
import { DashboardLinkError } from './dashboard-errors.js';
import { matchesAnySecret } from './hmac-match.js';

/** The dashboard's path; the link is this path plus the query. */
export const DASHBOARD_PATH = '/dashboard';
/** The longest a link may still be valid for when it is used. */
export const DASHBOARD_LINK_MAX_SECONDS = 3600;

const SHA256_HEX = /^[0-9a-f]{64}$/i;
const EPOCH_SECONDS = /^\d{1,12}$/;

/** The hex HMAC-SHA256 of `"dashboard." + expires` under `secret`. */
export function computeDashboardLinkSignature(secret: string, expires: number | string): string {
  return createHmac('sha256', secret).update(`dashboard.${expires}`).digest('hex');
}

/**
 * The dashboard link (path and query, to append to the base URL) that stops working at `expires`
 * (epoch seconds). Used by the local server and the tests; Moodle builds the same string in PHP.
 */
export function signDashboardLink(secret: string, expires: number): string {
  const signature = computeDashboardLinkSignature(secret, expires);
  return `${DASHBOARD_PATH}?expires=${expires}&signature=${signature}`;
}

/** The two query parameters of a link, as received. */
export interface DashboardLinkQuery {
  expires: string | undefined;
  signature: string | undefined;
}

/**
 * Accepts the link when `now() <= expires <= now() + DASHBOARD_LINK_MAX_SECONDS` and its signature matches any of
 * `secrets`. Every secret is compared in constant time, with no early exit.
 * @returns `expires` as a number.
 * @throws DashboardLinkError naming the problem.
 */
export function verifyDashboardLink(link: DashboardLinkQuery, secrets: readonly string[], now: () => number): number {
  const { expires, signature } = link;
  if (expires === undefined || expires === '') {
    throw new DashboardLinkError('missing_expires', 'the link has no expires parameter');
  }
  if (!EPOCH_SECONDS.test(expires)) {
    throw new DashboardLinkError('invalid_expires', 'expires must be whole epoch seconds');
  }
  if (signature === undefined || signature === '') {
    throw new DashboardLinkError('missing_signature', 'the link has no signature parameter');
  }
  if (
    !SHA256_HEX.test(signature) ||
    !matchesAnySecret(signature, secrets, (secret) => computeDashboardLinkSignature(secret, expires))
  ) {
    throw new DashboardLinkError('invalid_signature', 'the signature does not match expires');
  }
  // Checked after the signature, so an unsigned request learns nothing about the clock.
  const expiresAt = Number(expires);
  const current = now();
  if (expiresAt < current) throw new DashboardLinkError('expired', 'the link has expired');
  if (expiresAt > current + DASHBOARD_LINK_MAX_SECONDS) {
    throw new DashboardLinkError(
      'too_long_lived',
      `a link may be valid for ${DASHBOARD_LINK_MAX_SECONDS} seconds at most`,
    );
  }
  return expiresAt;
}
