/**
 * A real {@link CertificateRenderer} whose "fonts" cover only the code points it is given: text wholly inside that
 * set is drawn by the production renderer; a printed field with anything outside it throws the real
 * {@link UnsupportedCharactersError}, naming the field and the uncovered code points (distinct, in order of first
 * appearance), exactly as a renderer whose fallback chain runs out must. Tests use it to drive the failure path
 * through the worker, the ledger, the dashboard and the status API whatever the production renderer's fonts cover.
 * It is a port implementation, not a mock: no call is recorded or scripted.
 */
import { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
import type { CertificateContent, CertificateRenderer } from '#domain/certificate.js';
import { UnsupportedCharactersError } from '#domain/unsupported-characters-error.js';

/** An inclusive range of code points. */
export type CodePointRange = readonly [first: number, last: number];

/** Basic Latin, Latin-1 Supplement, Latin Extended-A/B and General Punctuation: what a Latin-only font set covers. */
export const LATIN_ONLY: readonly CodePointRange[] = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x2000, 0x206f],
];

const PRINTED_FIELDS = ['recipientName', 'courseName', 'siteName'] as const;

export function makeCoverageLimitedRenderer(
  covered: readonly CodePointRange[] = LATIN_ONLY,
  drawWith: CertificateRenderer = makePdfCertificateRenderer(),
): CertificateRenderer {
  const isCovered = (codePoint: number) => covered.some(([first, last]) => codePoint >= first && codePoint <= last);
  return {
    async render(content: CertificateContent): Promise<Uint8Array> {
      for (const field of PRINTED_FIELDS) {
        const missing = new Set<number>();
        for (const character of content[field]) {
          const codePoint = character.codePointAt(0) ?? 0;
          if (!isCovered(codePoint)) missing.add(codePoint);
        }
        if (missing.size > 0) throw new UnsupportedCharactersError(field, [...missing]);
      }
      return drawWith.render(content);
    },
  };
}
