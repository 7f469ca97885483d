/**
 * A page's content stream and the glyphs it draws from each font, built with PDF operators directly. Text is
 * drawn by glyph id (the fonts are CIDFontType2 with Identity-H, so a two-byte code is the glyph's id in the
 * document's subset) and wrapped in a marked-content span whose ActualText is the line in logical order, so text
 * extraction returns what was written even where shaping reordered or ligated glyphs.
 *
 * A canvas can continue a sealed one: the certificate's fixed part is drawn once per (template, language, course,
 * site) and each learner's certificate draws on top of it, adding glyphs the fixed part lacks in small subsets of
 * its own, so the fixed part's font files and content are compressed once and reused.
 */
import type { LoadedFont } from './font-chain.js';
import type { ShapedLine } from './text-layout.js';

/** An RGB colour, each part 0…1. */
export type Rgb = readonly [number, number, number];

/** The glyphs one document draws from one font, renumbered in order of first use (1…n; 0 is `.notdef`). */
export interface FontUse {
  readonly font: LoadedFont;
  readonly resourceName: string;
  /** Old glyph ids in new-id order: `oldGlyphs[n - 1]` is drawn as CID n. */
  readonly oldGlyphs: number[];
  readonly newGlyphOf: Map<number, number>;
  /** Text of each new glyph id for the ToUnicode map (first cluster it drew). */
  readonly unicodeOf: Map<number, string>;
  /** PDF width of each new glyph id (index `n - 1`), in thousandths of an em. */
  readonly widths: number[];
}

/** A drawn part of a page that later canvases continue from; its fonts and content are never changed again. */
export interface SealedPart {
  readonly content: string;
  readonly fonts: readonly FontUse[];
}

export class PdfCanvas {
  private readonly ops: string[] = [];
  private readonly uses: FontUse[] = [];

  private constructor(private readonly base: SealedPart) {}

  static empty(): PdfCanvas {
    return new PdfCanvas({ content: '', fonts: [] });
  }

  /**
   * A canvas drawing on top of `base`: glyphs `base` already has are drawn from its subsets; others go into
   * subsets of this canvas's own, so `base`'s font files (and its content) can be written once and reused.
   */
  static continuing(base: SealedPart): PdfCanvas {
    return new PdfCanvas(base);
  }

  /** What was drawn on this canvas (on top of its base, which must be empty), frozen. */
  seal(): SealedPart {
    if (this.base.fonts.length > 0 || this.base.content !== '') {
      throw new Error('only a canvas without a base can be sealed');
    }
    return { content: this.content, fonts: this.uses };
  }

  get basePart(): SealedPart {
    return this.base;
  }

  /** This canvas's own content (the base's is separate). */
  get content(): string {
    return this.ops.join('\n');
  }

  /** This canvas's own fonts (the base's are separate). */
  get fonts(): readonly FontUse[] {
    return this.uses;
  }

  /** A stroked rectangle. */
  strokeRect(x: number, y: number, width: number, height: number, lineWidth: number, color: Rgb): void {
    this.ops.push(`${rgb(color)} RG ${num(lineWidth)} w ${num(x)} ${num(y)} ${num(width)} ${num(height)} re S`);
  }

  line(x1: number, y1: number, x2: number, y2: number, lineWidth: number, color: Rgb): void {
    this.ops.push(`${rgb(color)} RG ${num(lineWidth)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
  }

  /** Filled rectangles, as one path. */
  fillRects(rects: readonly (readonly [number, number, number, number])[], color: Rgb): void {
    const path = rects.map(([x, y, w, h]) => `${num(x)} ${num(y)} ${num(w)} ${num(h)} re`).join(' ');
    this.ops.push(`${rgb(color)} rg ${path} f`);
  }

  /**
   * Draws a shaped line with its left end at `x` and its baseline at `y`.
   *
   * Extraction: a left-to-right run is one span whose ActualText is its text; a right-to-left run has one span
   * per cluster, so its pieces stand in visual order as ordinary glyphs do and a reader's own bidi reordering
   * (poppler's, pdf.js's) gives the logical order back — one ActualText for the whole run would be reversed.
   */
  text(line: ShapedLine, x: number, y: number, size: number, color: Rgb): void {
    if (line.runs.length === 0) {
      return;
    }
    const parts = [`BT ${rgb(color)} rg`];
    let penX = x;
    for (const run of line.runs) {
      const upem = run.font.sfnt.unitsPerEm;
      const scale = size / upem;
      const rtl = run.glyphs.length > 1 && (run.glyphs[0]?.cluster ?? 0) > (run.glyphs.at(-1)?.cluster ?? 0);
      const spans = rtl ? clusterSpans(line, run) : [{ from: 0, to: run.glyphs.length, text: run.text }];
      const texts = clusterTexts(line, run);
      for (const span of spans) {
        // The span's text goes with its glyphs on the pen line; glyphs placed off it (marks) follow in a span of
        // their own with no text, so a reader measures the text from the cluster's start to its end.
        const onLine: { use: FontUse; cid: number; x: number; advance: number }[] = [];
        const placed: string[] = [];
        for (let index = span.from; index < span.to; index++) {
          const glyph = run.glyphs[index] as ShapedLine['runs'][number]['glyphs'][number];
          const [use, cid] = this.cidOf(run.font, glyph.glyph, glyph.advance === 0, texts[index]);
          const advance = (glyph.advance * 1000) / upem;
          if (glyph.dx !== 0 || glyph.dy !== 0) {
            placed.push(
              `/${use.resourceName} ${num(size)} Tf 1 0 0 1 ${num(penX + glyph.dx * scale)} ${num(y + glyph.dy * scale)} Tm <${hex4(cid)}> Tj`,
            );
          } else {
            onLine.push({ use, cid, x: penX, advance });
          }
          penX += glyph.advance * scale;
        }
        if (onLine.length > 0) {
          parts.push(`/Span <</ActualText ${utf16Hex(span.text)}>> BDC`);
          let group: typeof onLine = [];
          const flush = () => {
            const first = group[0];
            if (first === undefined) {
              return;
            }
            const array = group.map((glyph) => {
              const adjust = (glyph.use.widths[glyph.cid - 1] ?? 0) - glyph.advance;
              return Math.abs(adjust) > 0.0005 ? `<${hex4(glyph.cid)}>${num(adjust)}` : `<${hex4(glyph.cid)}>`;
            });
            parts.push(
              `/${first.use.resourceName} ${num(size)} Tf 1 0 0 1 ${num(first.x)} ${num(y)} Tm [${array.join(' ')}] TJ`,
            );
            group = [];
          };
          for (const glyph of onLine) {
            if (group.length > 0 && group[0]?.use !== glyph.use) {
              flush();
            }
            group.push(glyph);
          }
          flush();
          parts.push('EMC');
        }
        if (placed.length > 0) {
          parts.push(
            `/Span <</ActualText ${onLine.length > 0 ? '<FEFF>' : utf16Hex(span.text)}>> BDC`,
            ...placed,
            'EMC',
          );
        }
      }
    }
    parts.push('ET');
    this.ops.push(parts.join('\n'));
  }

  private useOf(font: LoadedFont): FontUse {
    let use = this.uses.find((candidate) => candidate.font === font);
    if (use === undefined) {
      use = {
        font,
        resourceName: `F${this.base.fonts.length + this.uses.length + 1}`,
        oldGlyphs: [],
        newGlyphOf: new Map(),
        unicodeOf: new Map(),
        widths: [],
      };
      this.uses.push(use);
    }
    return use;
  }

  /**
   * The subset and CID a glyph is drawn as: the base's when it has the glyph, else this canvas's own. A glyph
   * drawn with no advance (a mark placed on its base) gets a CID of its own with width 0, so a reader measuring
   * by the PDF's widths sees it inside its cluster, not past it.
   */
  private cidOf(font: LoadedFont, glyph: number, zeroWidth: boolean, text: string | undefined): [FontUse, number] {
    const key = zeroWidth ? -1 - glyph : glyph;
    for (const use of this.base.fonts) {
      const cid = use.font === font ? use.newGlyphOf.get(key) : undefined;
      if (cid !== undefined) {
        return [use, cid];
      }
    }
    const use = this.useOf(font);
    let cid = use.newGlyphOf.get(key);
    if (cid === undefined) {
      use.oldGlyphs.push(glyph);
      use.widths.push(zeroWidth ? 0 : widthOf(use.font, glyph));
      cid = use.oldGlyphs.length;
      use.newGlyphOf.set(key, cid);
    }
    if (text !== undefined && text !== '' && !use.unicodeOf.has(cid)) {
      use.unicodeOf.set(cid, text);
    }
    return [use, cid];
  }
}

/** The PDF width (thousandths of an em) stored for a glyph: the font's own advance. */
export function widthOf(font: LoadedFont, glyph: number): number {
  return Math.round((font.sfnt.advanceOf(glyph) * 1000) / font.sfnt.unitsPerEm);
}

/** The glyph ranges of a right-to-left run's clusters, in visual order, each with its characters. */
function clusterSpans(line: ShapedLine, run: ShapedLine['runs'][number]): { from: number; to: number; text: string }[] {
  const starts = [...new Set(run.glyphs.map((g) => g.cluster))].sort((a, b) => a - b);
  const spans: { from: number; to: number; text: string }[] = [];
  run.glyphs.forEach((glyph, index) => {
    const last = spans.at(-1);
    if (last !== undefined && run.glyphs[last.from]?.cluster === glyph.cluster) {
      last.to = index + 1;
      return;
    }
    const end = starts[starts.indexOf(glyph.cluster) + 1] ?? run.start + run.text.length;
    // A reader lays a span's characters out left to right and then reverses right-to-left text as it does
    // glyphs drawn in visual order: a cluster of several characters (a letter with its vowel marks) is given
    // in that visual order, so the reversal yields the letter first.
    spans.push({ from: index, to: index + 1, text: [...line.text.slice(glyph.cluster, end)].reverse().join('') });
  });
  return spans;
}

/**
 * The characters each glyph of a run stands for: its cluster's text for the first glyph of a cluster, nothing for
 * the others (a reordered vowel sign or a mark split from its base).
 */
function clusterTexts(line: ShapedLine, run: ShapedLine['runs'][number]): (string | undefined)[] {
  const starts = [...new Set(run.glyphs.map((g) => g.cluster))].sort((a, b) => a - b);
  const endOf = new Map(starts.map((start, i) => [start, starts[i + 1] ?? run.start + run.text.length]));
  const seen = new Set<number>();
  return run.glyphs.map((glyph) => {
    if (seen.has(glyph.cluster)) {
      return undefined;
    }
    seen.add(glyph.cluster);
    return line.text.slice(glyph.cluster, endOf.get(glyph.cluster));
  });
}

/** A number as PDF writes it: at most three decimals, no trailing zeros, no exponent. */
export function num(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

function rgb([r, g, b]: Rgb): string {
  return `${num(r)} ${num(g)} ${num(b)}`;
}

export function hex4(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}

/** A PDF text string in UTF-16BE with its byte-order mark, as a hex string. */
export function utf16Hex(text: string): string {
  let out = '<FEFF';
  for (let i = 0; i < text.length; i++) {
    out += hex4(text.charCodeAt(i));
  }
  return `${out}>`;
}
