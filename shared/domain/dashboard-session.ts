/**
 * The dashboard session: after a valid link, an HttpOnly, SameSite=Lax cookie lets the admin browse the
 * dashboard for 8 hours without a new link.
 *
 * Value: `<E>.<S>` where `E` is the end of the session in epoch seconds and `S` the hex HMAC-SHA256, under the
 * current webhook secret, of `"dashboard-session." + E`. The message differs from the link's (`"dashboard." + E`) so
 * that a cookie can never be replayed as a link nor a link's signature as a cookie. Nothing about the admin is in
 * it: Moodle decided who may look; the cookie only says that someone with a valid link did.
 */
import { createHmac } from 'node:crypto';
import { DashboardSessionError } from './dashboard-errors.js';
import { matchesAnySecret } from './hmac-match.js';

/** How long a session lasts. */
export const DASHBOARD_SESSION_SECONDS = 8 * 60 * 60;
/** The cookie's name. */
export const DASHBOARD_SESSION_COOKIE = 'manireports_dashboard';

const SESSION_VALUE = /^(\d{1,12})\.([0-9a-f]{64})$/;

function computeSessionSignature(secret: string, expires: number | string): string {
  return createHmac('sha256', secret).update(`dashboard-session.${expires}`).digest('hex');
}

/** A new session cookie value, valid {@link DASHBOARD_SESSION_SECONDS} from `now` (epoch seconds). */
export function createDashboardSession(secret: string, now: number): { value: string; expires: number } {
  const expires = now + DASHBOARD_SESSION_SECONDS;
  return { value: `${expires}.${computeSessionSignature(secret, expires)}`, expires };
}

/**
 * Accepts a cookie value made by {@link createDashboardSession} with any of `secrets` that has not expired
 * (`now <= E <= now + DASHBOARD_SESSION_SECONDS`).
 * @returns the session's end, epoch seconds.
 * @throws DashboardSessionError naming the problem.
 */
export function verifyDashboardSession(
  value: string | undefined,
  secrets: readonly string[],
  now: () => number,
): number {
  if (value === undefined || value === '') throw new DashboardSessionError('missing_session', 'no session cookie');
  const parts = SESSION_VALUE.exec(value);
  if (parts === null) throw new DashboardSessionError('malformed_session', 'the session cookie is malformed');
  const [, expires = '', signature = ''] = parts;
  if (!matchesAnySecret(signature, secrets, (secret) => computeSessionSignature(secret, expires))) {
    throw new DashboardSessionError('invalid_signature', 'the session cookie is not signed with a known secret');
  }
  const expiresAt = Number(expires);
  const current = now();
  // A far-future end cannot be forged without the secret; refusing it anyway bounds a session by the rule.
  if (expiresAt < current || expiresAt > current + DASHBOARD_SESSION_SECONDS) {
    throw new DashboardSessionError('session_expired', 'the session has expired');
  }
  return expiresAt;
}
