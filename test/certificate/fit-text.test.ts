import { beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATE_LAYOUT, fitRecipientName } from '#adapters/certificate/draw-certificate-page.js';
import { fitTextToLines, fitTextToWidth, normalizeText, type TextMeasure } from '#adapters/certificate/fit-text.js';
import { makeFontChain } from '#adapters/certificate/font-chain.js';
import { makeNodeFontFileReader } from '#adapters/certificate/font-files.js';
import { makeLineShaper } from '#adapters/certificate/text-layout.js';

/** A monospace stand-in: every character is half the size wide, so expected sizes can be worked out by hand. */
const HALF_EM: TextMeasure = { widthOfTextAtSize: (text, size) => [...text].length * size * 0.5 };

describe('fitTextToWidth (monospace stand-in)', () => {
  it('keeps the largest size when the text fits', () => {
    // Act: 10 chars × 20 pt × 0.5 = 100 pt.
    const line = fitTextToWidth('abcdefghij', HALF_EM, { maxWidth: 100, maxSize: 20, minSize: 8 });

    // Assert
    expect(line).toEqual({ text: 'abcdefghij', size: 20, width: 100 });
  });

  it('shrinks to the size at which the text just fits', () => {
    // Act: 20 chars at 40 pt would be 400 pt; 100 pt allows 100 / (20 × 0.5) = 10 pt.
    const line = fitTextToWidth('abcdefghijklmnopqrst', HALF_EM, { maxWidth: 100, maxSize: 40, minSize: 8 });

    // Assert
    expect(line.size).toBeCloseTo(10, 5);
    expect(line.width).toBeLessThanOrEqual(100);
  });

  it('cuts with an ellipsis at the minimum size', () => {
    // Act: at 10 pt a character is 5 pt wide, so 50 pt holds 10 characters: 9 plus the ellipsis.
    const line = fitTextToWidth('abcdefghijklmnopqrstuvwxyz', HALF_EM, { maxWidth: 50, maxSize: 20, minSize: 10 });

    // Assert
    expect(line).toEqual({ text: 'abcdefghi…', size: 10, width: 50 });
  });
});

describe('fitTextToLines (monospace stand-in)', () => {
  it('balances two lines instead of leaving one word alone', () => {
    // Arrange: at 10 pt, 100 pt holds 20 characters; greedy wrapping would give "aaaa bbbb cccc dddd" + "eeee".
    const bounds = { maxWidth: 100, maxSize: 10, minSize: 10, maxLines: 2 };

    // Act
    const block = fitTextToLines('aaaa bbbb cccc dddd eeee', HALF_EM, bounds);

    // Assert
    expect(block).toEqual({ lines: ['aaaa bbbb cccc', 'dddd eeee'], size: 10 });
  });

  it('shrinks before it needs more lines than allowed', () => {
    // Arrange: at 10 pt a line holds 20 characters, so no two 10-letter words share one and 4 lines are needed;
    // at 9.5 pt it holds 100 / 4.75 = 21.05, enough for "aaaaaaaaaa bbbbbbbbbb" (21).
    const bounds = { maxWidth: 100, maxSize: 10, minSize: 6, maxLines: 2 };

    // Act
    const block = fitTextToLines('aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd', HALF_EM, bounds);

    // Assert
    expect(block).toEqual({ lines: ['aaaaaaaaaa bbbbbbbbbb', 'cccccccccc dddddddddd'], size: 9.5 });
  });

  it('cuts the last line when even the minimum size needs more lines', () => {
    // Arrange: at 10 pt each line holds 10 characters.
    const bounds = { maxWidth: 50, maxSize: 10, minSize: 10, maxLines: 2 };

    // Act
    const block = fitTextToLines('aaaa bbbb cccc dddd', HALF_EM, bounds);

    // Assert
    expect(block).toEqual({ lines: ['aaaa bbbb', 'cccc dddd'], size: 10 });
    const tooMuch = fitTextToLines('aaaa bbbb cccc dddd eeee ffff', HALF_EM, bounds);
    expect(tooMuch).toEqual({ lines: ['aaaa bbbb', 'cccc dddd…'], size: 10 });
  });
});

describe('normalizeText', () => {
  it('composes combining marks and collapses white space and control characters', () => {
    // Arrange: "Nguyễn" typed as n-g-u-y-e + circumflex + tilde, with a tab, a newline and a NUL around it.
    const typed = '  Nguye\u0302\u0303n\tThi\u0323\n\u0000Minh  Khai ';

    // Act
    const clean = normalizeText(typed);

    // Assert
    expect(clean).toBe('Nguyễn Thị Minh Khai');
    expect(clean).toHaveLength(20);
  });
});

describe('fitRecipientName measured by shaping with DejaVu Serif Bold', () => {
  const chain = makeFontChain(makeNodeFontFileReader());
  const shapeLine = makeLineShaper(chain);
  const font: TextMeasure = {
    widthOfTextAtSize: (text, size) => shapeLine(text, 'display', 'en', 'auto').advanceEm * size,
  };
  const { printableWidth } = CERTIFICATE_LAYOUT;

  beforeAll(async () => {
    const text = `Zoë Ångström-Łukasiewicz Maria Antonia Walpurgis Symphorosa von Bayern-Wittelsbach Habsburg-Lothringen \
      Αλέξανδρος-Κωνσταντίνος Παπαδόπουλος-Χατζηγεωργίου Θεοδωρακόπουλος Anna Kuznetsova-Smith Ω…`;
    await chain.prepare(text, 'display', 'en', 'recipientName');
  });

  it('sets a usual name on one line at the full 40 pt', () => {
    // Act
    const name = fitRecipientName('Zoë Ångström-Łukasiewicz', font);

    // Assert
    expect(name).toEqual({ lines: ['Zoë Ångström-Łukasiewicz'], size: 40 });
  });

  it.each([
    ['a long name', 'Maria Antonia Walpurgis Symphorosa von Bayern-Wittelsbach Habsburg-Lothringen'],
    ['a long Greek name', 'Αλέξανδρος-Κωνσταντίνος Παπαδόπουλος-Χατζηγεωργίου Θεοδωρακόπουλος'],
    ['an absurdly long name', `Anna ${'Kuznetsova-'.repeat(40)}Smith`],
    ['one very long word', 'Ω'.repeat(300)],
  ])('keeps %s within the printable width', (_label, fullName) => {
    // Act
    const name = fitRecipientName(fullName, font);

    // Assert
    expect(name.lines.length).toBeGreaterThanOrEqual(1);
    expect(name.lines.length).toBeLessThanOrEqual(2);
    for (const line of name.lines) {
      expect(font.widthOfTextAtSize(line, name.size)).toBeLessThanOrEqual(printableWidth);
    }
    expect(name.size).toBeGreaterThanOrEqual(12);
  });
});
