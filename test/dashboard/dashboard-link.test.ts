import { describe, expect, it } from 'vitest';
import { DashboardLinkError } from '#domain/dashboard-errors.js';
import {
  computeDashboardLinkSignature,
  DASHBOARD_LINK_MAX_SECONDS,
  signDashboardLink,
  verifyDashboardLink,
} from '#domain/dashboard-link.js';
import { NOW, PREVIOUS_SECRET, SECRET } from './fixtures.js';

const clock = () => NOW;

/** The query of a link as Moodle would build it. */
function linkQuery(secret: string, expires: number) {
  const url = new URL(signDashboardLink(secret, expires), 'https://dashboard.example');
  return {
    expires: url.searchParams.get('expires') ?? undefined,
    signature: url.searchParams.get('signature') ?? undefined,
  };
}

/** The refusal code, or undefined when the link is accepted. */
function refusal(link: { expires: string | undefined; signature: string | undefined }, secrets = [SECRET]) {
  try {
    verifyDashboardLink(link, secrets, clock);
    return undefined;
  } catch (error) {
    if (!(error instanceof DashboardLinkError)) throw error;
    return error.code;
  }
}

describe('dashboard link', () => {
  it('is /dashboard?expires=E&signature=hex HMAC-SHA256(secret, "dashboard." + E)', () => {
    // Arrange
    const expires = NOW + 600;

    // Act
    const link = signDashboardLink(SECRET, expires);

    // Assert
    expect(link).toBe(`/dashboard?expires=${expires}&signature=${computeDashboardLinkSignature(SECRET, expires)}`);
    expect(computeDashboardLinkSignature('key', 1767229200)).toBe(
      // Computed independently: printf 'dashboard.1767229200' | openssl dgst -sha256 -hmac key
      '1dff44bf49b7e456201cb9d2e45e331db2b3833e119e283eecdc2e4c0c84585e',
    );
  });

  it('accepts a link valid for up to an hour, and one that expires this very second', () => {
    // Act / Assert
    expect(verifyDashboardLink(linkQuery(SECRET, NOW + DASHBOARD_LINK_MAX_SECONDS), [SECRET], clock)).toBe(
      NOW + DASHBOARD_LINK_MAX_SECONDS,
    );
    expect(verifyDashboardLink(linkQuery(SECRET, NOW), [SECRET], clock)).toBe(NOW);
  });

  it('refuses an expired link', () => {
    expect(refusal(linkQuery(SECRET, NOW - 1))).toBe('expired');
  });

  it('refuses a link valid for longer than an hour, even when correctly signed', () => {
    expect(refusal(linkQuery(SECRET, NOW + DASHBOARD_LINK_MAX_SECONDS + 1))).toBe('too_long_lived');
  });

  it('refuses a link whose expiry was moved after signing', () => {
    // Arrange
    const link = linkQuery(SECRET, NOW + 60);

    // Act / Assert
    expect(refusal({ ...link, expires: String(NOW + 120) })).toBe('invalid_signature');
  });

  it('refuses a link signed with another secret, or with a signature that is not 64 hex digits', () => {
    expect(refusal(linkQuery('someone-else', NOW + 60))).toBe('invalid_signature');
    expect(refusal({ expires: String(NOW + 60), signature: 'zz' })).toBe('invalid_signature');
  });

  it('accepts a link signed with the previous secret during a rotation, and not after it', () => {
    // Arrange
    const link = linkQuery(PREVIOUS_SECRET, NOW + 60);

    // Act / Assert
    expect(refusal(link, [SECRET, PREVIOUS_SECRET])).toBeUndefined();
    expect(refusal(link, [SECRET])).toBe('invalid_signature');
  });

  it.each([
    ['no expires', { expires: undefined, signature: 'a'.repeat(64) }, 'missing_expires'],
    ['expires not digits', { expires: '1e9', signature: 'a'.repeat(64) }, 'invalid_expires'],
    ['negative expires', { expires: '-5', signature: 'a'.repeat(64) }, 'invalid_expires'],
    ['no signature', { expires: String(NOW + 60), signature: undefined }, 'missing_signature'],
  ])('refuses a link with %s', (_title, link, code) => {
    expect(refusal(link)).toBe(code);
  });
});
