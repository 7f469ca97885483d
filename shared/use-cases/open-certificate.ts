/**
 * A certificate link from an email (`GET /certificates/{code}`) → where the PDF can be downloaded right now. The
 * link itself holds only the verification code, so it never expires; each click checks the code against the
 * registry and gets a freshly signed, short-lived URL of the stored object. An unknown or altered code is simply
 * unknown.
 */
import type { CertificateRegistry } from '#domain/certificate-registry.js';
import type { CertificateStore } from '#domain/certificate-store.js';
import { normalizeTypedCode } from '#domain/typed-verification-code.js';

/** How long the signed object URL behind a click lives: long enough to follow a redirect, short enough not to share. */
export const CERTIFICATE_DOWNLOAD_SECONDS = 300;

export type CertificateDownload =
  | { status: 'found'; code: string; url: string }
  /** `code`: the canonical form when the input looked like a code, else the input cut to a sane length. */
  | { status: 'unknown'; code: string };

export interface OpenCertificateDeps {
  registry: CertificateRegistry;
  store: Pick<CertificateStore, 'linkFor'>;
  /** @default CERTIFICATE_DOWNLOAD_SECONDS */
  linkSeconds?: number;
}

const MAX_ECHOED_LENGTH = 64;

export function makeOpenCertificate(deps: OpenCertificateDeps) {
  const linkSeconds = deps.linkSeconds ?? CERTIFICATE_DOWNLOAD_SECONDS;
  return async function openCertificate(typed: string): Promise<CertificateDownload> {
    const code = normalizeTypedCode(typed);
    if (code === undefined) return { status: 'unknown', code: typed.slice(0, MAX_ECHOED_LENGTH) };
    const record = await deps.registry.find(code);
    if (record === undefined) return { status: 'unknown', code };
    return { status: 'found', code, url: await deps.store.linkFor(record.certificateKey, linkSeconds) };
  };
}
