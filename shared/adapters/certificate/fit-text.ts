/**
 * Fitting text into a width: shrink first, then wrap, and cut with an ellipsis only as a last resort, so no
 * name or course, however long, runs past the margins.
 */
import { printedText } from '#domain/certificate-registry.js';

/** What fitting needs from a font: pdf-lib's `PDFFont` has it. */
export interface TextMeasure {
  widthOfTextAtSize(text: string, size: number): number;
}

/** The bounds a text must fit in. */
export interface FitBounds {
  /** The width no line may exceed, in points. */
  maxWidth: number;
  /** The size used when the text fits at it. */
  maxSize: number;
  /** The size below which the text is cut instead of shrunk further. */
  minSize: number;
}

/** One line, ready to draw: its text, its size and its width at that size. */
export interface FittedLine {
  text: string;
  size: number;
  width: number;
}

const ELLIPSIS = '…';
/** Sizes are chosen in tenths of a point: finer steps are invisible and only make the search longer. */
const SIZE_STEP = 0.1;
/** Wrapped text shrinks in half points: each step re-wraps the whole text. */
const WRAP_SIZE_STEP = 0.5;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Text as it should be drawn: NFC, so "Nguyễn" typed with combining marks uses the font's precomposed glyphs
 * (pdf-lib does no mark positioning), and every run of white space or control characters as one space
 * (a newline would otherwise start a second line pdf-lib does not measure).
 */
export function normalizeText(text: string): string {
  // One rule with the certificate registry, so /verify shows what the paper shows.
  return printedText(text);
}

/**
 * One line of `text` at the largest size up to `maxSize` whose width is within `maxWidth`; below `minSize` the
 * text is cut to fit at `minSize` and ends with an ellipsis.
 */
export function fitTextToWidth(text: string, font: TextMeasure, bounds: FitBounds): FittedLine {
  const clean = normalizeText(text);
  const size = findFittingSize(clean, font, bounds);
  if (size !== undefined) {
    return { text: clean, size, width: font.widthOfTextAtSize(clean, size) };
  }
  const cut = truncateToWidth(clean, font, bounds.minSize, bounds.maxWidth);
  return { text: cut, size: bounds.minSize, width: font.widthOfTextAtSize(cut, bounds.minSize) };
}

/** The largest size from `maxSize` down to `minSize` at which `text` fits on one line; `undefined` if none. */
export function findFittingSize(
  text: string,
  font: TextMeasure,
  { maxWidth, maxSize, minSize }: FitBounds,
): number | undefined {
  const widthAtMax = font.widthOfTextAtSize(text, maxSize);
  if (widthAtMax <= maxWidth) {
    return maxSize;
  }
  // Width grows linearly with size, so the exact size is a ratio away; rounding down keeps it on the safe side,
  // and the loop (in whole steps, free of float drift) covers a font whose width is not quite linear.
  let steps = Math.floor((maxSize * maxWidth) / widthAtMax / SIZE_STEP);
  while (steps * SIZE_STEP >= minSize && font.widthOfTextAtSize(text, steps * SIZE_STEP) > maxWidth) {
    steps -= 1;
  }
  return steps * SIZE_STEP >= minSize ? steps * SIZE_STEP : undefined;
}

/** `text` cut at a grapheme boundary, with an ellipsis, so that it fits `maxWidth` at `size`. */
export function truncateToWidth(text: string, font: TextMeasure, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(text, size) <= maxWidth) {
    return text;
  }
  const clusters = Array.from(graphemes.segment(text), (segment) => segment.segment);
  const withEllipsis = (count: number) => `${clusters.slice(0, count).join('').trimEnd()}${ELLIPSIS}`;
  let low = 0;
  let high = clusters.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (font.widthOfTextAtSize(withEllipsis(mid), size) <= maxWidth) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return withEllipsis(low);
}

/** A block of lines at one size. */
export interface FittedBlock {
  lines: string[];
  size: number;
}

/**
 * `text` in at most `maxLines` lines at the largest size that allows it, with the lines balanced so that a
 * two-line course name does not leave one word alone on its second line. Below `minSize` the last line is cut.
 */
export function fitTextToLines(text: string, font: TextMeasure, bounds: FitBounds & { maxLines: number }): FittedBlock {
  const words = normalizeText(text).split(' ');
  for (let step = 0; bounds.maxSize - step * WRAP_SIZE_STEP >= bounds.minSize; step++) {
    const size = bounds.maxSize - step * WRAP_SIZE_STEP;
    const lines = wrapWords(words, font, size, bounds.maxWidth);
    if (lines !== undefined && lines.length <= bounds.maxLines) {
      return { lines: balanceLines(words, font, size, bounds.maxWidth, lines.length), size };
    }
  }
  return { lines: cutToLines(words, font, bounds), size: bounds.minSize };
}

/** Greedy wrapping; `undefined` when a single word is wider than `maxWidth`. */
function wrapWords(words: string[], font: TextMeasure, size: number, maxWidth: number): string[] | undefined {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= maxWidth) {
      line = candidate;
    } else if (font.widthOfTextAtSize(word, size) > maxWidth) {
      return undefined;
    } else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/** The narrowest width that still wraps into `lineCount` lines, found by bisection, and its lines. */
function balanceLines(words: string[], font: TextMeasure, size: number, maxWidth: number, lineCount: number) {
  let best = wrapWords(words, font, size, maxWidth) ?? [];
  if (lineCount === 1) {
    return best;
  }
  let low = 0;
  let high = maxWidth;
  while (high - low > 1) {
    const mid = (low + high) / 2;
    const lines = wrapWords(words, font, size, mid);
    if (lines !== undefined && lines.length <= lineCount) {
      best = lines;
      high = mid;
    } else {
      low = mid;
    }
  }
  return best;
}

/** The last resort at `minSize`: words cut to the width, then everything past `maxLines` cut from the last line. */
function cutToLines(
  words: string[],
  font: TextMeasure,
  { maxWidth, minSize, maxLines }: FitBounds & { maxLines: number },
) {
  const fitted = words.map((word) => truncateToWidth(word, font, minSize, maxWidth));
  const lines = wrapWords(fitted, font, minSize, maxWidth) ?? fitted;
  if (lines.length <= maxLines) {
    return lines;
  }
  const kept = lines.slice(0, maxLines - 1);
  const rest = lines.slice(maxLines - 1).join(' ');
  return [...kept, truncateToWidth(rest, font, minSize, maxWidth)];
}
