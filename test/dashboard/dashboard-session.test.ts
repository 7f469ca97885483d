import { describe, expect, it } from 'vitest';
import { DashboardSessionError } from '#domain/dashboard-errors.js';
import { computeDashboardLinkSignature } from '#domain/dashboard-link.js';
import {
  createDashboardSession,
  DASHBOARD_SESSION_SECONDS,
  verifyDashboardSession,
} from '#domain/dashboard-session.js';
import { NOW, PREVIOUS_SECRET, SECRET } from './fixtures.js';

/** The refusal code at `now`, or undefined when the session is accepted. */
function refusal(value: string | undefined, now: number, secrets = [SECRET]) {
  try {
    verifyDashboardSession(value, secrets, () => now);
    return undefined;
  } catch (error) {
    if (!(error instanceof DashboardSessionError)) throw error;
    return error.code;
  }
}

describe('dashboard session cookie', () => {
  it('lasts 8 hours: accepted at its last second, refused one second later', () => {
    // Arrange
    const session = createDashboardSession(SECRET, NOW);

    // Act / Assert
    expect(session.expires).toBe(NOW + 8 * 60 * 60);
    expect(session.value).toMatch(/^\d+\.[0-9a-f]{64}$/);
    expect(verifyDashboardSession(session.value, [SECRET], () => NOW + DASHBOARD_SESSION_SECONDS)).toBe(
      session.expires,
    );
    expect(refusal(session.value, NOW + DASHBOARD_SESSION_SECONDS + 1)).toBe('session_expired');
  });

  it('refuses a cookie whose end was moved, or that was signed with an unknown secret', () => {
    // Arrange
    const { value } = createDashboardSession(SECRET, NOW);
    const [, signature] = value.split('.');

    // Act / Assert
    expect(refusal(`${NOW + 9 * 3600}.${signature}`, NOW)).toBe('invalid_signature');
    expect(refusal(createDashboardSession('someone-else', NOW).value, NOW)).toBe('invalid_signature');
  });

  it('is not interchangeable with a link signature for the same moment', () => {
    // Arrange: a link's signature pasted into a cookie
    const expires = NOW + 600;
    const forged = `${expires}.${computeDashboardLinkSignature(SECRET, expires)}`;

    // Act / Assert
    expect(refusal(forged, NOW)).toBe('invalid_signature');
  });

  it('accepts a session started under the previous secret while it is still configured', () => {
    // Arrange
    const { value } = createDashboardSession(PREVIOUS_SECRET, NOW);

    // Act / Assert
    expect(refusal(value, NOW + 60, [SECRET, PREVIOUS_SECRET])).toBeUndefined();
    expect(refusal(value, NOW + 60, [SECRET])).toBe('invalid_signature');
  });

  it.each([
    ['no cookie', undefined, 'missing_session'],
    ['an empty cookie', '', 'missing_session'],
    ['a value without a signature', `${NOW + 60}`, 'malformed_session'],
    ['a value with a short signature', `${NOW + 60}.abcd`, 'malformed_session'],
  ])('refuses %s', (_title, value, code) => {
    expect(refusal(value, NOW)).toBe(code);
  });
});
