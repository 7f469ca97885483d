/**
 * Each certificate's verification code is derived, not drawn: HMAC-SHA256(secret, job id + user id). A retried or
 * redelivered certificate message therefore renders the very same document under the very same key, and the code
 * stays unguessable without the secret. Pure computation, no I/O.
 */
import { createHmac } from 'node:crypto';
import { makeVerificationCode, VERIFICATION_CODE_BYTES } from './certificate.js';
import { ValidationError } from './errors.js';
import { MIN_SECRET_LENGTH } from './secret-length.js';

export { MIN_SECRET_LENGTH };

export function deriveVerificationCode(secret: string, jobId: string, userId: number): string {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ValidationError(
      'verification secret',
      `${secret.length} characters`,
      `must be at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  const digest = createHmac('sha256', secret).update(`${jobId}\u0000${userId}`).digest();
  return makeVerificationCode(digest.subarray(0, VERIFICATION_CODE_BYTES));
}
