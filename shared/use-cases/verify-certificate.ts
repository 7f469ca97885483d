/**
 * Public certificate verification: a typed or scanned code → valid (with what the certificate prints: name,
 * course, issue date, and nothing else) or unknown. A code that cannot be one is simply unknown, never an error.
 */
import type { CertificateRegistry } from '#domain/certificate-registry.js';
import { normalizeTypedCode } from '#domain/typed-verification-code.js';

/** What a verifier may learn about a certificate: exactly what is printed on it. */
export interface VerifiedCertificate {
  code: string;
  name: string;
  course: string;
  /** ISO `YYYY-MM-DD`. */
  issuedOn: string;
  /** The date as the certificate words it (`16 avril 2026`). */
  issuedOnText: string;
}

export type Verification =
  | { status: 'valid'; certificate: VerifiedCertificate }
  /** `code`: the canonical form when the input looked like a code, else the input (cut to a sane length). */
  | { status: 'unknown'; code: string };

/** Longest input echoed back in an `unknown` answer. */
const MAX_ECHOED_LENGTH = 64;

export function makeVerifyCertificate(deps: { registry: CertificateRegistry }) {
  return async function verifyCertificate(typed: string): Promise<Verification> {
    const code = normalizeTypedCode(typed);
    if (code === undefined) return { status: 'unknown', code: typed.slice(0, MAX_ECHOED_LENGTH) };
    const record = await deps.registry.find(code);
    if (record === undefined) return { status: 'unknown', code };
    return {
      status: 'valid',
      certificate: {
        code: record.verificationCode,
        name: record.name,
        course: record.course,
        issuedOn: record.issuedOn,
        issuedOnText: record.issuedOnText,
      },
    };
  };
}
