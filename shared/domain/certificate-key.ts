/**
 * Where a certificate lives in the store. Pure, and predictable from the job and the recipient, so that a retried
 * render overwrites the same object instead of leaving a second copy, and an operator can find a certificate from
 * the schedule, the run and the user alone.
 */
import { isVerificationCode } from './certificate.js';
import { ValidationError } from './errors.js';

/** What identifies one certificate. */
export interface CertificateKeyParts {
  scheduleId: number;
  /** The run slot (epoch seconds) of the job that issued it. */
  runSlot: number;
  userId: number;
  /** From `makeVerificationCode`; part of the key so that a reissue with a new code never replaces the old file. */
  verificationCode: string;
}

/**
 * The store key `certificates/schedule-<scheduleId>/<runSlot>/user-<userId>-<verificationCode>.pdf`, e.g.
 * `certificates/schedule-12/1767225600/user-345-7K3M-9QXH-2B4N-D8RT.pdf`. Every part is checked, so no key can
 * contain `..`, a slash or a character that needs URL encoding.
 *
 * @throws ValidationError naming the first part that is not a positive whole number (`runSlot`: ≥ 0) or not a
 *   verification code.
 */
export function certificateKeyFor(parts: CertificateKeyParts): string {
  const { scheduleId, runSlot, userId, verificationCode } = parts;
  checkWholeNumber('scheduleId', scheduleId, 1);
  checkWholeNumber('runSlot', runSlot, 0);
  checkWholeNumber('userId', userId, 1);
  if (!isVerificationCode(verificationCode)) {
    throw new ValidationError('verificationCode', verificationCode, 'is not a verification code');
  }
  return `certificates/schedule-${scheduleId}/${runSlot}/user-${userId}-${verificationCode}.pdf`;
}

function checkWholeNumber(field: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ValidationError(field, value, `must be a whole number ≥ ${min}`);
  }
}
