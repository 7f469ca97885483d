/**
 * Raised by a certificate renderer when no font in its fallback chain covers some characters of the text to
 * print: the certificate is not issued (a box where a learner's name should be is worse than no certificate), and
 * the recipient is failed with reason {@link UNSUPPORTED_CHARACTERS_REASON}.
 */
import { AppError } from './errors.js';

/** The reason code recorded on a recipient whose certificate could not be drawn. */
export const UNSUPPORTED_CHARACTERS_REASON = 'unsupported_characters';

/** `U+0041`-style notation for a code point, as shown to admins and in CLI errors. */
export function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

export class UnsupportedCharactersError extends AppError {
  /**
   * @param field which printed field held them (`recipientName`, `courseName`, `siteName` …)
   * @param codePoints the uncovered code points, distinct, in order of first appearance
   */
  constructor(
    readonly field: string,
    readonly codePoints: readonly number[],
  ) {
    super(`${UNSUPPORTED_CHARACTERS_REASON}: no font covers ${codePoints.map(formatCodePoint).join(' ')} in ${field}`);
  }
}
