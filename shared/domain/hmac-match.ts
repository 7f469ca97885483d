/** Constant-time comparison of a received HMAC against the one each accepted secret gives. */
import { timingSafeEqual } from 'node:crypto';

/**
 * Whether `hex` (already checked to be 64 hex digits) equals the signature any of `secrets` gives. Compares
 * against every secret with no early exit, so the time taken says nothing about which one matched.
 */
export function matchesAnySecret(hex: string, secrets: readonly string[], sign: (secret: string) => string): boolean {
  const received = Buffer.from(hex, 'hex');
  let matched = false;
  for (const secret of secrets) {
    matched = timingSafeEqual(Buffer.from(sign(secret), 'hex'), received) || matched;
  }
  return matched;
}
