/**
 * A verification code as a person types it (from paper, a phone, or a QR scan) → the canonical form, or undefined
 * when it cannot be one. Pure.
 */
import { isVerificationCode } from './certificate.js';

/** Symbols per code and per group: see `makeVerificationCode` (16 Crockford base32 symbols, four groups of four). */
const SYMBOLS = 16;
const GROUP = 4;
/** Longer input is not a typing slip; it is not even looked at. */
const MAX_TYPED_LENGTH = 64;

/**
 * The canonical code for what was typed: case is ignored, spaces, dashes and underscores anywhere are dropped, and
 * Crockford's look-alikes are read as the digits they stand for (`O` → `0`, `I`/`L` → `1`), since codes never contain
 * those letters. Anything else (wrong length, a `U`, punctuation) gives undefined: simply no such certificate.
 *
 * @example normalizeTypedCode(' 7k3m 9qxh-2b4n_d8rt ') === '7K3M-9QXH-2B4N-D8RT'
 */
export function normalizeTypedCode(typed: string): string | undefined {
  if (typed.length > MAX_TYPED_LENGTH) return undefined;
  const symbols = typed
    .toUpperCase()
    .replace(/[\s_\-\u2010-\u2015\u2212]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (symbols.length !== SYMBOLS) return undefined;
  const groups: string[] = [];
  for (let start = 0; start < SYMBOLS; start += GROUP) groups.push(symbols.slice(start, start + GROUP));
  const code = groups.join('-');
  return isVerificationCode(code) ? code : undefined;
}
