/**
 * A TrueType subset for embedding in a PDF as a CIDFontType2: only the glyphs drawn, renumbered 1…n in the
 * order they were first drawn (0 stays `.notdef`), so a CID in the content stream is the glyph id in the subset
 * (`/CIDToGIDMap /Identity`). Components of composite glyphs are appended after the drawn ones and their
 * references rewritten. Only the tables a PDF consumer reads are kept (ISO 32000-1 §9.9: no `cmap` is needed
 * for a CIDFontType2). Hinting is dropped (the `fpgm`/`prep`/`cvt ` programs and each glyph's instructions): it
 * is half of a hinted face's glyph bytes, and PDF viewers and printers scale outlines without it.
 */
import { pad4, type SfntFont, view, writeSfnt } from './sfnt.js';

const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/** The subset's bytes and how many glyphs the drawn ones (1…n) took, components excluded. */
export interface TrueTypeSubset {
  bytes: Uint8Array;
  /** Old glyph id of each new one: `oldGlyphs[newGlyph]`. */
  oldGlyphs: readonly number[];
}

/**
 * The subset holding `drawn` (old glyph ids, in new-id order: `drawn[0]` becomes glyph 1).
 */
export function subsetTrueType(font: SfntFont, drawn: readonly number[]): TrueTypeSubset {
  const glyf = font.tables.get('glyf');
  const loca = font.tables.get('loca');
  const head = font.tables.get('head');
  if (glyf === undefined || loca === undefined || head === undefined) {
    throw new Error(`${font.postScriptName} has no TrueType outlines (glyf/loca)`);
  }
  const longLoca = view(head).getInt16(50) === 1;
  const locaView = view(loca);
  const glyphRange = (glyph: number): [number, number] =>
    longLoca
      ? [locaView.getUint32(4 * glyph), locaView.getUint32(4 * glyph + 4)]
      : [2 * locaView.getUint16(2 * glyph), 2 * locaView.getUint16(2 * glyph + 2)];

  const oldGlyphs = [0, ...drawn];
  const newOf = new Map<number, number>();
  oldGlyphs.forEach((old, index) => {
    if (!newOf.has(old)) {
      newOf.set(old, index); // A glyph may be drawn under two ids (see PdfCanvas): components use the first.
    }
  });
  // Composite closure: components become glyphs too (appended, so drawn ids stay put).
  for (let i = 0; i < oldGlyphs.length; i++) {
    const [start, end] = glyphRange(oldGlyphs[i] ?? 0);
    forEachComponent(glyf.subarray(start, end), (component) => {
      if (!newOf.has(component)) {
        newOf.set(component, oldGlyphs.length);
        oldGlyphs.push(component);
      }
    });
  }

  const records = oldGlyphs.map((old) => {
    const [start, end] = glyphRange(old);
    const record = withoutInstructions(glyf.subarray(start, end));
    forEachComponent(record, (component, at) => view(record).setUint16(at, newOf.get(component) ?? 0));
    return record;
  });
  const glyfLength = records.reduce((sum, record) => sum + pad4(record.length), 0);
  const newGlyf = new Uint8Array(glyfLength);
  const newLoca = new Uint8Array(4 * (records.length + 1));
  const newLocaView = view(newLoca);
  let offset = 0;
  records.forEach((record, index) => {
    newLocaView.setUint32(4 * index, offset);
    newGlyf.set(record, offset);
    offset += pad4(record.length);
  });
  newLocaView.setUint32(4 * records.length, offset);

  const newHmtx = new Uint8Array(4 * records.length);
  const hmtxView = view(newHmtx);
  const oldHmtx = view(required(font, 'hmtx'));
  const oldMetrics = view(required(font, 'hhea')).getUint16(34);
  oldGlyphs.forEach((old, index) => {
    hmtxView.setUint16(4 * index, font.advanceOf(old));
    const lsbAt = old < oldMetrics ? 4 * old + 2 : 4 * oldMetrics + 2 * (old - oldMetrics);
    hmtxView.setInt16(4 * index + 2, lsbAt + 2 <= oldHmtx.byteLength ? oldHmtx.getInt16(lsbAt) : 0);
  });

  const newHead = required(font, 'head').slice();
  view(newHead).setUint32(8, 0); // checkSumAdjustment: not checked by PDF consumers; zero keeps bytes stable.
  view(newHead).setInt16(50, 1);
  const newHhea = required(font, 'hhea').slice();
  view(newHhea).setUint16(34, records.length);
  const newMaxp = required(font, 'maxp').slice();
  view(newMaxp).setUint16(4, records.length);
  // `post` format 3: no glyph names (they are what made pdf-lib slow to re-read, and a PDF does not use them).
  const post = font.tables.get('post');
  const newPost = new Uint8Array(32);
  if (post !== undefined) {
    newPost.set(post.subarray(0, 32));
  }
  view(newPost).setUint32(0, 0x00030000);

  const tables: { tag: string; bytes: Uint8Array }[] = [
    { tag: 'glyf', bytes: newGlyf },
    { tag: 'loca', bytes: newLoca },
    { tag: 'hmtx', bytes: newHmtx },
    { tag: 'head', bytes: newHead },
    { tag: 'hhea', bytes: newHhea },
    { tag: 'maxp', bytes: newMaxp },
    { tag: 'post', bytes: newPost },
  ];
  return { bytes: writeSfnt(0x00010000, tables), oldGlyphs };
}

function required(font: SfntFont, tag: string): Uint8Array {
  const table = font.tables.get(tag);
  if (table === undefined) {
    throw new Error(`${font.postScriptName} has no ${tag} table`);
  }
  return table;
}

const WE_HAVE_INSTRUCTIONS = 0x0100;

/** A copy of a glyph record without its TrueType instructions. */
function withoutInstructions(record: Uint8Array): Uint8Array {
  if (record.length < 10) {
    return record.slice();
  }
  const data = view(record);
  const contours = data.getInt16(0);
  if (contours >= 0) {
    const lengthAt = 10 + 2 * contours;
    const instructions = data.getUint16(lengthAt);
    const out = new Uint8Array(record.length - instructions);
    out.set(record.subarray(0, lengthAt + 2));
    out.set(record.subarray(lengthAt + 2 + instructions), lengthAt + 2);
    view(out).setUint16(lengthAt, 0);
    return out;
  }
  // Composite: the instructions, if any, follow the last component.
  let at = 10;
  let flags = 0;
  do {
    flags = data.getUint16(at);
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    at += flags & WE_HAVE_A_SCALE ? 2 : flags & WE_HAVE_AN_X_AND_Y_SCALE ? 4 : flags & WE_HAVE_A_TWO_BY_TWO ? 8 : 0;
  } while (flags & MORE_COMPONENTS);
  const out = record.slice(0, at);
  // Clear WE_HAVE_INSTRUCTIONS on every component.
  let position = 10;
  for (;;) {
    const componentFlags = view(out).getUint16(position);
    view(out).setUint16(position, componentFlags & ~WE_HAVE_INSTRUCTIONS);
    if (!(componentFlags & MORE_COMPONENTS)) {
      break;
    }
    position +=
      4 +
      (componentFlags & ARG_1_AND_2_ARE_WORDS ? 4 : 2) +
      (componentFlags & WE_HAVE_A_SCALE
        ? 2
        : componentFlags & WE_HAVE_AN_X_AND_Y_SCALE
          ? 4
          : componentFlags & WE_HAVE_A_TWO_BY_TWO
            ? 8
            : 0);
  }
  return out;
}

/** Calls `visit` with each component glyph id of a composite glyph record and where that id is stored. */
function forEachComponent(record: Uint8Array, visit: (glyph: number, at: number) => void): void {
  if (record.length < 10 || view(record).getInt16(0) >= 0) {
    return; // Empty or simple glyph.
  }
  const data = view(record);
  let at = 10;
  for (;;) {
    const flags = data.getUint16(at);
    visit(data.getUint16(at + 2), at + 2);
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) {
      at += 2;
    } else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) {
      at += 4;
    } else if (flags & WE_HAVE_A_TWO_BY_TWO) {
      at += 8;
    }
    if (!(flags & MORE_COMPONENTS)) {
      return;
    }
  }
}
