/**
 * One line of text as it is drawn: split into runs by direction (UAX #9, bidi-js) and by font (the fallback
 * chain), each run shaped by HarfBuzz, and the runs put in visual order. Its width is what is drawn, so fitting
 * and centring measure the real thing.
 */
import bidiModule from 'bidi-js';
import { UnsupportedCharactersError } from '#domain/unsupported-characters-error.js';
import type { CertificateFace } from './certificate-font-catalog.js';
import type { FontChain, LoadedFont } from './font-chain.js';
import type { ShapedGlyph } from './harfbuzz.js';

// bidi-js is CommonJS whose typings declare an ES default export: at run time the default import is the factory.
const bidiFactory = bidiModule as unknown as typeof bidiModule.default;
const bidi = bidiFactory();

/** A run of glyphs from one font, in visual order. */
export interface ShapedRun {
  font: LoadedFont;
  glyphs: ShapedGlyph[];
  /** The run's characters in logical order (for the PDF's text extraction). */
  text: string;
  /** Where `text` starts in the line's text; glyph clusters are indexes into the line's text. */
  start: number;
  /** Sum of the glyph advances, in ems. */
  advanceEm: number;
}

export interface ShapedLine {
  /** The line in logical order: what a reader copies out of the PDF. */
  text: string;
  /** Right to left as a paragraph: right-aligned text starts at the right. */
  rtl: boolean;
  runs: ShapedRun[];
  /** Width in ems: multiply by the font size for points. */
  advanceEm: number;
}

/** The paragraph direction: from the text's first strong character (`auto`), or forced by the page's language. */
export type BaseDirection = 'ltr' | 'rtl' | 'auto';

const MAX_CACHED_LINES = 4096;

/** Shapes lines with a {@link FontChain}; remembers recent lines (fitting measures the same ones repeatedly). */
export function makeLineShaper(chain: FontChain) {
  const cache = new Map<string, ShapedLine>();
  return function shapeLine(text: string, face: CertificateFace, locale: string, base: BaseDirection): ShapedLine {
    const key = `${face}\u0000${locale}\u0000${base}\u0000${text}`;
    let line = cache.get(key);
    if (line === undefined) {
      line = shape(chain, text, face, locale, base);
      if (cache.size >= MAX_CACHED_LINES) {
        cache.clear();
      }
      cache.set(key, line);
    }
    return line;
  };
}

export type LineShaper = ReturnType<typeof makeLineShaper>;

function shape(chain: FontChain, text: string, face: CertificateFace, locale: string, base: BaseDirection): ShapedLine {
  if (text === '') {
    return { text, rtl: base === 'rtl', runs: [], advanceEm: 0 };
  }
  const fonts = chain.assign(text, face, locale);
  const embedding = bidi.getEmbeddingLevels(text, base === 'auto' ? undefined : base);
  const levels = embedding.levels;
  const rtl = (embedding.paragraphs[0]?.level ?? 0) % 2 === 1;

  // Logical runs: same level, same font.
  const logical: { start: number; end: number; level: number; font: LoadedFont }[] = [];
  for (let i = 0; i < text.length; i++) {
    const level = levels[i] ?? 0;
    const font = fonts[i] as LoadedFont;
    const last = logical.at(-1);
    if (last !== undefined && last.level === level && last.font === font) {
      last.end = i + 1;
    } else {
      logical.push({ start: i, end: i + 1, level, font });
    }
  }

  // UAX #9 rule L2 on whole runs: from the highest level down to the lowest odd one, reverse every sequence of
  // runs at that level or above. A run's own glyphs come out of HarfBuzz already in visual order.
  const visual = [...logical];
  const maxLevel = Math.max(...visual.map((run) => run.level));
  const minOdd = Math.min(...visual.map((run) => (run.level % 2 === 1 ? run.level : Number.POSITIVE_INFINITY)));
  for (let level = maxLevel; level >= minOdd && Number.isFinite(minOdd); level--) {
    for (let i = 0; i < visual.length; ) {
      if ((visual[i]?.level ?? 0) < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < visual.length && (visual[j]?.level ?? 0) >= level) {
        j++;
      }
      const reversed = visual.slice(i, j).reverse();
      visual.splice(i, j - i, ...reversed);
      i = j;
    }
  }

  const language = locale;
  let advanceEm = 0;
  const runs = visual.map((run) => {
    const glyphs = run.font.shaper
      .shape(text, run.start, run.end, run.level % 2 === 1, language)
      // A default-ignorable character the font lacks comes back as an invisible glyph 0: never draw it.
      .filter((glyph) => !(glyph.glyph === 0 && glyph.advance === 0));
    const missing = glyphs.find((glyph) => glyph.glyph === 0);
    if (missing !== undefined) {
      // Font assignment checked every character against the font's cmap, so this is a defect, never a box.
      throw new UnsupportedCharactersError('text', [text.codePointAt(missing.cluster) ?? 0]);
    }
    const units = glyphs.reduce((sum, glyph) => sum + glyph.advance, 0);
    const runEm = units / run.font.sfnt.unitsPerEm;
    advanceEm += runEm;
    return { font: run.font, glyphs, text: text.slice(run.start, run.end), start: run.start, advanceEm: runEm };
  });
  return { text, rtl, runs, advanceEm };
}
