/**
 * The fonts a certificate's text is drawn with, resolved per character: the template's face for its role, then
 * the fallback chain of {@link FALLBACK_FAMILIES} and the locale's CJK families. Fonts are read and parsed once
 * per process and only when a character needs them; parsed fonts are immutable, so documents share them.
 */
import { UnsupportedCharactersError } from '#domain/unsupported-characters-error.js';
import {
  type CertificateFace,
  cjkFamilies,
  FALLBACK_FAMILIES,
  type FallbackFamily,
  fallbackWeight,
  familyRangesFile,
  isUsedSlice,
  sliceFontFile,
  TEMPLATE_SCRIPTS,
  templateFontFile,
} from './certificate-font-catalog.js';
import { type FontFile, type FontFileReader, flatFontFileName } from './font-files.js';
import { type HarfBuzzFont, loadHarfBuzzFont } from './harfbuzz.js';
import { parseSfnt, type SfntFont } from './sfnt.js';

/** A font ready to shape and embed. */
export interface LoadedFont {
  /** Its file's flat name: unique, and stable across processes (it orders fonts in the PDF). */
  readonly id: string;
  readonly sfnt: SfntFont;
  readonly shaper: HarfBuzzFont;
}

/** Characters drawn with no glyph of their own (joiners, direction marks): they never need a font. */
const IGNORABLE_CHAR = /^\p{Default_Ignorable_Code_Point}$/u;
const NEUTRAL_CHAR = /^[\p{Script=Common}\p{Script=Inherited}]$/u;
const IGNORABLE = { test: (char: string) => classOf(char).ignorable };
const NEUTRAL = { test: (char: string) => classOf(char).neutral };
const classes = new Map<string, { ignorable: boolean; neutral: boolean }>();

/** A character's class, remembered: the regular expressions are the costly part of assigning fonts. */
function classOf(char: string): { ignorable: boolean; neutral: boolean } {
  let known = classes.get(char);
  if (known === undefined) {
    known = { ignorable: IGNORABLE_CHAR.test(char), neutral: NEUTRAL_CHAR.test(char) };
    if (classes.size > 65_536) {
      classes.clear();
    }
    classes.set(char, known);
  }
  return known;
}
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Which font draws each UTF-16 unit of a text (the same font for every unit of a grapheme cluster). */
export type FontAssignment = readonly LoadedFont[];

export interface FontChain {
  /**
   * Loads every font `text` needs in `face` and checks that each character is covered.
   * @throws UnsupportedCharactersError naming `field` and the code points no font covers.
   */
  prepare(text: string, face: CertificateFace, locale: string, field: string): Promise<void>;
  /** The font of each unit of `text` (after {@link prepare} for a text containing it; synchronous). */
  assign(text: string, face: CertificateFace, locale: string): FontAssignment;
}

type SliceRanges = { key: string; ranges: Uint32Array }; // pairs of first, last

export function makeFontChain(reader: FontFileReader): FontChain {
  const fonts = new Map<string, Promise<LoadedFont>>();
  const familyRanges = new Map<string, Promise<SliceRanges[]>>();
  /** `${face}|${cjkKey}|${codePoint}` → the first font of the chain with a glyph for it (null: none). */
  const firstFont = new Map<string, LoadedFont | null>();

  const load = (file: FontFile): Promise<LoadedFont> => {
    const id = flatFontFileName(file);
    let font = fonts.get(id);
    if (font === undefined) {
      font = reader.read(file).then(async (bytes) => {
        const sfnt = parseSfnt(bytes);
        return { id, sfnt, shaper: await loadHarfBuzzFont(sfnt.bytes) };
      });
      fonts.set(id, font);
      font.catch(() => fonts.delete(id)); // A failed read is tried again by the next render.
    }
    return font;
  };

  const rangesOf = (family: FallbackFamily): Promise<SliceRanges[]> => {
    let ranges = familyRanges.get(family.family);
    if (ranges === undefined) {
      ranges = reader.read(familyRangesFile(family.family)).then((bytes) => {
        const json = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, string>;
        return Object.entries(json)
          .filter(([key]) => isUsedSlice(family, key))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, css]) => ({ key, ranges: parseUnicodeRange(css) }));
      });
      familyRanges.set(family.family, ranges);
      ranges.catch(() => familyRanges.delete(family.family));
    }
    return ranges;
  };

  const chainKeys = new Map<string, string>();
  const chainKey = (locale: string) => {
    let key = chainKeys.get(locale);
    if (key === undefined) {
      key = cjkFamilies(locale)[0]?.family ?? '';
      chainKeys.set(locale, key);
    }
    return key;
  };

  const findFirstFont = async (codePoint: number, face: CertificateFace, locale: string) => {
    const key = `${face}|${chainKey(locale)}|${codePoint}`;
    const known = firstFont.get(key);
    if (known !== undefined) {
      return known;
    }
    let found: LoadedFont | null = null;
    if (TEMPLATE_SCRIPTS.test(String.fromCodePoint(codePoint))) {
      const template = await load(templateFontFile(face));
      found = template.sfnt.glyphOf(codePoint) !== 0 ? template : null;
    }
    for (const family of found === null ? [...FALLBACK_FAMILIES, ...cjkFamilies(locale)] : []) {
      for (const slice of await rangesOf(family)) {
        if (inRanges(slice.ranges, codePoint)) {
          const font = await load(sliceFontFile(family.family, slice.key, fallbackWeight(face)));
          if (font.sfnt.glyphOf(codePoint) !== 0) {
            found = font;
            break;
          }
        }
      }
      if (found !== null) {
        break;
      }
    }
    firstFont.set(key, found);
    return found;
  };

  const assign = (text: string, face: CertificateFace, locale: string): LoadedFont[] => {
    const cjk = chainKey(locale);
    const out: LoadedFont[] = new Array(text.length);
    const missing: number[] = [];
    let previous: LoadedFont | undefined;
    for (const { segment, index } of graphemes.segment(text)) {
      const codePoints = [...segment].map((char) => char.codePointAt(0) ?? 0);
      const drawn = codePoints.filter((codePoint) => !IGNORABLE.test(String.fromCodePoint(codePoint)));
      const covers = (font: LoadedFont | undefined) =>
        font !== undefined && drawn.every((codePoint) => font.sfnt.glyphOf(codePoint) !== 0);
      const neutral = drawn.every((codePoint) => NEUTRAL.test(String.fromCodePoint(codePoint)));
      let font: LoadedFont | undefined = neutral && covers(previous) ? previous : undefined;
      for (const codePoint of drawn) {
        if (font !== undefined) {
          break;
        }
        const candidate = firstFont.get(`${face}|${cjk}|${codePoint}`) ?? undefined;
        font = covers(candidate) ? candidate : undefined;
      }
      if (font === undefined && drawn.length > 0) {
        const best = firstFont.get(`${face}|${cjk}|${drawn[0]}`) ?? undefined;
        missing.push(...drawn.filter((codePoint) => best === undefined || best.sfnt.glyphOf(codePoint) === 0));
      }
      font ??= previous;
      for (let unit = index; unit < index + segment.length; unit++) {
        out[unit] = font as LoadedFont;
      }
      previous = font;
    }
    if (missing.length > 0) {
      throw new UnsupportedCharactersError('text', [...new Set(missing)]);
    }
    // Leading ignorables took no font: give them the first font drawn.
    const first = out.find((font) => font !== undefined);
    for (let unit = 0; unit < out.length && out[unit] === undefined; unit++) {
      out[unit] = first as LoadedFont;
    }
    return out;
  };

  return {
    async prepare(text, face, locale, field) {
      const seen = new Set<number>();
      for (const char of text) {
        const codePoint = char.codePointAt(0) ?? 0;
        if (!seen.has(codePoint) && !IGNORABLE.test(char)) {
          seen.add(codePoint);
          await findFirstFont(codePoint, face, locale);
        }
      }
      try {
        assign(text, face, locale);
      } catch (error) {
        if (error instanceof UnsupportedCharactersError) {
          throw new UnsupportedCharactersError(field, error.codePoints);
        }
        throw error;
      }
    },
    assign,
  };
}

/** `U+0000-00FF,U+0131` → [0, 0xff, 0x131, 0x131], sorted by first code point. */
export function parseUnicodeRange(css: string): Uint32Array {
  const pairs = css.split(',').map((part) => {
    const [first = '0', last] = part.trim().replace(/^U\+/i, '').split('-');
    const start = Number.parseInt(first.replace(/\?/g, '0'), 16);
    const end = last !== undefined ? Number.parseInt(last, 16) : Number.parseInt(first.replace(/\?/g, 'f'), 16);
    return [start, end] as const;
  });
  pairs.sort((a, b) => a[0] - b[0]);
  return Uint32Array.from(pairs.flat());
}

function inRanges(ranges: Uint32Array, codePoint: number): boolean {
  let low = 0;
  let high = ranges.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (codePoint < (ranges[2 * mid] ?? 0)) {
      high = mid - 1;
    } else if (codePoint > (ranges[2 * mid + 1] ?? 0)) {
      low = mid + 1;
    } else {
      return true;
    }
  }
  return false;
}
