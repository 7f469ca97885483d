/**
 * What a completion certificate says, and the rules for its verification code, issue date and verification URL.
 * Pure: randomness comes in as bytes and time as an epoch, so every rule here is testable without I/O.
 */
import { ValidationError } from './errors.js';

/** Everything printed on one certificate. */
export interface CertificateContent {
  /** The recipient's full name as Moodle shows it (any script). */
  recipientName: string;
  courseName: string;
  siteName: string;
  /** When the certificate was issued, in epoch seconds; printed as a date in `timeZone`. */
  issuedAt: number;
  /** Moodle language code of the recipient (`en`, `fr_ca`, `en_us` …): picks the date format and the wording. */
  lang: string;
  /** A resolved IANA zone name: Moodle's `'99'` must already be replaced by the site or server zone. */
  timeZone: string;
  /** From {@link makeVerificationCode}. */
  verificationCode: string;
  /** From {@link buildVerificationUrl}; encoded in the QR code and printed beneath it. */
  verificationUrl: string;
}

/** Port: turns certificate content into a finished document (a PDF for the pdf-lib adapter). */
export interface CertificateRenderer {
  /**
   * @throws ValidationError when `content` breaks a rule of {@link checkCertificateContent}.
   * @throws UnsupportedCharactersError (`./unsupported-characters-error.ts`) when no font covers some characters
   *   of the name, course or site: no document is made rather than one with empty boxes.
   */
  render(content: CertificateContent): Promise<Uint8Array>;
}

/**
 * Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or retyped from paper is hard to get wrong.
 */
const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_GROUPS = 4;
const GROUP_LENGTH = 4;
/** 16 symbols × 5 bits = 80 bits: a guess succeeds with odds of about 1 in 10^24 per issued certificate. */
export const VERIFICATION_CODE_BYTES = 10;
const VERIFICATION_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/**
 * A verification code such as `7K3M-9QXH-2B4N-D8RT`: the first 80 bits of `randomBytes` in Crockford base32,
 * grouped by four. The caller passes `crypto.randomBytes(VERIFICATION_CODE_BYTES)` so this stays pure and the
 * same bytes always give the same code.
 *
 * @throws ValidationError when fewer than {@link VERIFICATION_CODE_BYTES} bytes are given.
 */
export function makeVerificationCode(randomBytes: Uint8Array): string {
  if (randomBytes.length < VERIFICATION_CODE_BYTES) {
    throw new ValidationError(
      'randomBytes',
      randomBytes.length,
      `needs at least ${VERIFICATION_CODE_BYTES} bytes (80 bits) of randomness`,
    );
  }
  let bits = 0n;
  for (const byte of randomBytes.subarray(0, VERIFICATION_CODE_BYTES)) {
    bits = (bits << 8n) | BigInt(byte);
  }
  let symbols = '';
  for (let shift = BigInt(VERIFICATION_CODE_BYTES * 8 - 5); shift >= 0n; shift -= 5n) {
    symbols += CROCKFORD_ALPHABET[Number((bits >> shift) & 31n)];
  }
  const groups = Array.from({ length: CODE_GROUPS }, (_, i) => symbols.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH));
  return groups.join('-');
}

/** Whether `value` is a verification code in the canonical form {@link makeVerificationCode} produces. */
export function isVerificationCode(value: string): boolean {
  return VERIFICATION_CODE_PATTERN.test(value);
}

/**
 * The URL that verifies `code`: `baseUrl` with `code` set as its `code` query parameter (other parameters kept),
 * so a Moodle page such as `…/local/manireports/verify.php` can serve it.
 *
 * @throws ValidationError when `baseUrl` is not an absolute http(s) URL or `code` is not a verification code.
 */
export function buildVerificationUrl(baseUrl: string, code: string): string {
  if (!isVerificationCode(code)) {
    throw new ValidationError('verificationCode', code, 'is not a verification code (XXXX-XXXX-XXXX-XXXX)');
  }
  const url = URL.parse(baseUrl);
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ValidationError('verificationBaseUrl', baseUrl, 'is not an absolute http(s) URL');
  }
  url.searchParams.set('code', code);
  return url.href;
}

/**
 * Moodle language packs whose codes are not BCP 47 tags that mean the same thing: `sr_lt` is Serbian in Latin
 * script (not Serbian in Lithuania), `sr_cr` Serbian in Cyrillic, `de_du`/`de_comm` informal and community German.
 */
const MOODLE_LANG_ALIASES: Readonly<Record<string, string>> = {
  sr_lt: 'sr-Latn',
  sr_cr: 'sr-Cyrl',
  sr_cr_bo: 'sr-Cyrl-BA',
  de_du: 'de',
  de_comm: 'de',
};

/** The locale used when a Moodle language code names none that Intl knows. */
export const FALLBACK_LOCALE = 'en';

/**
 * The BCP 47 locale for a Moodle language code: underscores become hyphens (`en_us` → `en-US`), trailing parts
 * that are not valid subtags are dropped (`en_us_k12` → `en-US`), and a code Intl does not support becomes `en`.
 */
export function resolveLocale(lang: string): string {
  const code = lang.trim().toLowerCase();
  const parts = (MOODLE_LANG_ALIASES[code] ?? code).split(/[-_]/);
  for (let length = parts.length; length > 0; length--) {
    const tag = canonicalLocale(parts.slice(0, length).join('-'));
    if (tag !== undefined && Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0) {
      return tag;
    }
  }
  return FALLBACK_LOCALE;
}

function canonicalLocale(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined; // Not a well-formed BCP 47 tag.
  }
}

/**
 * The issue date as the recipient reads it: a long date (`April 16, 2026`, `16 avril 2026`, `16. April 2026`)
 * in their language, on the calendar day it was in their time zone.
 *
 * @param epochSeconds - the moment of issue.
 * @param lang - a Moodle language code; see {@link resolveLocale}.
 * @param timeZone - a resolved zone (IANA name or offset); Moodle's `'99'` is the caller's to resolve.
 * @throws ValidationError when `epochSeconds` is not a finite time or `timeZone` is not a known zone.
 */
export function formatIssueDate(epochSeconds: number, lang: string, timeZone: string): string {
  return issueDateFormat(lang, timeZone).format(toEpochMillis(epochSeconds));
}

/** Formats by (lang, zone): building an Intl.DateTimeFormat costs more than rendering a certificate's text. */
const issueDateFormats = new Map<string, Intl.DateTimeFormat>();
const MAX_DATE_FORMATS = 256;

function issueDateFormat(lang: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang}\u0000${timeZone}`;
  let format = issueDateFormats.get(key);
  if (format === undefined) {
    format = newIssueDateFormat(lang, timeZone);
    if (issueDateFormats.size >= MAX_DATE_FORMATS) {
      issueDateFormats.clear();
    }
    issueDateFormats.set(key, format);
  }
  return format;
}

function newIssueDateFormat(lang: string, timeZone: string): Intl.DateTimeFormat {
  const locale = resolveLocale(lang);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
  } catch (error) {
    throw new ValidationError('timeZone', timeZone, 'is not a known time zone (resolve Moodle’s 99 first)', {
      cause: error,
    });
  }
}

function toEpochMillis(epochSeconds: number): number {
  const millis = epochSeconds * 1000;
  // Date's own range (±8.64e15 ms); beyond it Intl throws a RangeError that names nothing.
  if (!Number.isFinite(millis) || Math.abs(millis) > 8.64e15) {
    throw new ValidationError('issuedAt', epochSeconds, 'is not a time in epoch seconds');
  }
  return millis;
}

/**
 * Checks the content a renderer is given, so a bad row fails with a message naming the field instead of as a
 * blank line on a printed certificate.
 *
 * @throws ValidationError naming the first field that breaks a rule.
 */
export function checkCertificateContent(content: CertificateContent): void {
  for (const field of ['recipientName', 'courseName', 'siteName'] as const) {
    if (content[field].trim() === '') {
      throw new ValidationError(field, content[field], 'must not be blank');
    }
  }
  if (!isVerificationCode(content.verificationCode)) {
    throw new ValidationError('verificationCode', content.verificationCode, 'is not a verification code');
  }
  if (!content.verificationUrl.includes(content.verificationCode)) {
    throw new ValidationError('verificationUrl', content.verificationUrl, 'does not carry the verification code');
  }
  issueDateFormat(content.lang, content.timeZone);
  toEpochMillis(content.issuedAt);
}
