/**
 * Which fonts a certificate is set in. First the template's own faces (DejaVu, for Latin, Greek, Cyrillic and
 * the punctuation and digits around them), then, per character, a fallback chain of Noto families (SIL Open Font
 * Licence) for every other script. The Noto files come from the `@fontsource/noto-sans-*` packages, which split
 * each family into slices by Unicode range (their `unicode.json`); a slice is read only when a character in its
 * range is printed, so a Latin certificate never loads a CJK font and a Chinese one loads only the slices its
 * characters fall in.
 */
import type { FontFile } from './font-files.js';

/** The roles text plays on the page. */
export type CertificateFace = 'display' | 'phrase' | 'body';

/** The template's faces by role: title, name, course and site; the connecting phrases; date, labels and code. */
export const CERTIFICATE_FACES: Readonly<Record<CertificateFace, string>> = {
  display: 'DejaVuSerif-Bold.ttf',
  phrase: 'DejaVuSerif-Italic.ttf',
  body: 'DejaVuSans.ttf',
};

/** The template face's file. */
export function templateFontFile(face: CertificateFace): FontFile {
  return { package: 'dejavu-fonts-ttf', path: `ttf/${CERTIFICATE_FACES[face]}` };
}

/** The scripts the template's faces are drawn for; other scripts go straight to the fallback chain. */
export const TEMPLATE_SCRIPTS =
  /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}]$/u;

/** The Noto weight used for a role: bold for the display face, regular otherwise (no Noto script has italics). */
export function fallbackWeight(face: CertificateFace): 400 | 700 {
  return face === 'display' ? 700 : 400;
}

/** A fallback family: its `@fontsource` package and the slices of it that are used. */
export interface FallbackFamily {
  readonly family: string;
  /** Keys of its `unicode.json` to use (its own script's slices); `'numbered'` takes every `[n]` slice (CJK). */
  readonly slices: readonly string[] | 'numbered';
}

const NOTO_SANS_SLICES = ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext'];

/** The chain after the template, in order. CJK comes last, ordered by the certificate's language (Han unification). */
export const FALLBACK_FAMILIES: readonly FallbackFamily[] = [
  { family: 'noto-sans', slices: NOTO_SANS_SLICES },
  { family: 'noto-sans-arabic', slices: ['arabic'] },
  { family: 'noto-sans-hebrew', slices: ['hebrew'] },
  { family: 'noto-sans-devanagari', slices: ['devanagari'] },
  { family: 'noto-sans-bengali', slices: ['bengali'] },
  { family: 'noto-sans-tamil', slices: ['tamil'] },
  { family: 'noto-sans-thai', slices: ['thai'] },
  { family: 'noto-sans-armenian', slices: ['armenian'] },
  { family: 'noto-sans-georgian', slices: ['georgian'] },
  { family: 'noto-sans-ethiopic', slices: ['ethiopic'] },
];

/** Simplified Chinese, Traditional Chinese, Japanese, Korean: the default order of the CJK families. */
const CJK_FAMILIES = ['noto-sans-sc', 'noto-sans-tc', 'noto-sans-jp', 'noto-sans-kr'] as const;

/**
 * The CJK families for a locale, its own first: a Japanese certificate draws 直 with the Japanese glyph, a
 * Taiwanese one with the Traditional Chinese glyph.
 */
export function cjkFamilies(locale: string): FallbackFamily[] {
  const { language, region, script } = new Intl.Locale(locale).maximize();
  const first =
    language === 'ja'
      ? 'noto-sans-jp'
      : language === 'ko'
        ? 'noto-sans-kr'
        : language === 'zh' && (script === 'Hant' || region === 'TW' || region === 'HK' || region === 'MO')
          ? 'noto-sans-tc'
          : 'noto-sans-sc';
  return [first, ...CJK_FAMILIES.filter((family) => family !== first)].map((family) => ({
    family,
    slices: 'numbered' as const,
  }));
}

/** The `unicode.json` of a family: slice key → CSS unicode-range. */
export function familyRangesFile(family: string): FontFile {
  return { package: `@fontsource/${family}`, path: 'unicode.json' };
}

/** The WOFF file of one slice at one weight. */
export function sliceFontFile(family: string, slice: string, weight: number): FontFile {
  const key = slice.replace(/^\[(\d+)\]$/, '$1');
  return { package: `@fontsource/${family}`, path: `files/${family}-${key}-${weight}-normal.woff` };
}

/** Whether a `unicode.json` key is one of the family's used slices. */
export function isUsedSlice(family: FallbackFamily, key: string): boolean {
  return family.slices === 'numbered' ? /^\[\d+\]$/.test(key) : family.slices.includes(key);
}
