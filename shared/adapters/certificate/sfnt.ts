/**
 * Reading TrueType fonts: the table directory of a bare sfnt or of a WOFF 1.0 file (whose tables are zlib
 * streams), and the few tables the certificate renderer needs — `cmap` for coverage, `hmtx` for widths, the
 * vertical metrics for the PDF font descriptor, and `loca`/`glyf` for subsetting.
 */
import { inflateSync } from 'node:zlib';

/** One parsed font: its tables by tag and the metrics read from them. */
export interface SfntFont {
  /** The bytes as a bare sfnt (a WOFF file is unpacked): what HarfBuzz is given. */
  readonly bytes: Uint8Array;
  readonly tables: ReadonlyMap<string, Uint8Array>;
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  readonly ascender: number;
  readonly descender: number;
  readonly capHeight: number;
  /** xMin, yMin, xMax, yMax of all glyphs, in font units. */
  readonly bbox: readonly [number, number, number, number];
  readonly italicAngle: number;
  /** PostScript name (name id 6), for the PDF's BaseFont. */
  readonly postScriptName: string;
  /** The glyph of a code point, 0 when the font has none. */
  glyphOf(codePoint: number): number;
  /** The advance width of a glyph, in font units. */
  advanceOf(glyph: number): number;
}

const WOFF_SIGNATURE = 0x774f4646;

/** Parses a TrueType (glyf-outline) font from sfnt or WOFF 1.0 bytes. */
export function parseSfnt(input: Uint8Array): SfntFont {
  const bytes = view(input).getUint32(0) === WOFF_SIGNATURE ? unpackWoff(input) : input;
  const tables = readTables(bytes);
  const table = (tag: string) => {
    const found = tables.get(tag);
    if (found === undefined) {
      throw new Error(`font has no ${tag} table`);
    }
    return found;
  };
  const head = view(table('head'));
  const hhea = view(table('hhea'));
  const maxp = view(table('maxp'));
  const post = tables.get('post');
  const os2 = tables.get('OS/2');
  const numGlyphs = maxp.getUint16(4);
  const numberOfHMetrics = hhea.getUint16(34);
  const hmtx = view(table('hmtx'));
  const advances = new Uint16Array(numGlyphs);
  for (let glyph = 0; glyph < numGlyphs; glyph++) {
    advances[glyph] = hmtx.getUint16(4 * Math.min(glyph, numberOfHMetrics - 1));
  }
  const cmap = readCmap(table('cmap'));
  const ascender = hhea.getInt16(4);
  const capHeight = os2 !== undefined && os2.length >= 90 ? view(os2).getInt16(88) : ascender;
  return {
    bytes,
    tables,
    unitsPerEm: head.getUint16(18),
    numGlyphs,
    ascender,
    descender: hhea.getInt16(6),
    capHeight: capHeight || ascender,
    bbox: [head.getInt16(36), head.getInt16(38), head.getInt16(40), head.getInt16(42)],
    italicAngle: post === undefined ? 0 : view(post).getInt32(4) / 65536,
    postScriptName: readPostScriptName(tables.get('name')) ?? 'Font',
    glyphOf: (codePoint) => cmap.get(codePoint) ?? 0,
    advanceOf: (glyph) => advances[glyph] ?? 0,
  };
}

/** Every table as a view into `bytes`, by tag. */
function readTables(bytes: Uint8Array): Map<string, Uint8Array> {
  const data = view(bytes);
  const count = data.getUint16(4);
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(...bytes.subarray(record, record + 4));
    const offset = data.getUint32(record + 8);
    const length = data.getUint32(record + 12);
    tables.set(tag, bytes.subarray(offset, offset + length));
  }
  return tables;
}

/** WOFF 1.0 (W3C): a header, a table directory, and each table zlib-compressed unless that would not shrink it. */
function unpackWoff(woff: Uint8Array): Uint8Array {
  const data = view(woff);
  const flavor = data.getUint32(4);
  const count = data.getUint16(12);
  const entries = Array.from({ length: count }, (_, i) => {
    const at = 44 + 20 * i;
    const offset = data.getUint32(at + 4);
    const compressed = data.getUint32(at + 8);
    const length = data.getUint32(at + 12);
    const raw = woff.subarray(offset, offset + compressed);
    return {
      tag: woff.subarray(at, at + 4),
      checksum: data.getUint32(at + 16),
      bytes: compressed === length ? raw : new Uint8Array(inflateSync(raw)),
    };
  });
  return writeSfnt(
    flavor,
    entries.map((entry) => ({ tag: String.fromCharCode(...entry.tag), bytes: entry.bytes, checksum: entry.checksum })),
  );
}

/** A bare sfnt from tables (sorted by tag, each padded to four bytes); checksums are computed when not given. */
export function writeSfnt(
  flavor: number,
  tables: readonly { tag: string; bytes: Uint8Array; checksum?: number }[],
): Uint8Array {
  const sorted = [...tables].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const headerLength = 12 + 16 * sorted.length;
  const total = sorted.reduce((sum, table) => sum + pad4(table.bytes.length), headerLength);
  const out = new Uint8Array(total);
  const data = view(out);
  const count = sorted.length;
  const searchRange = 2 ** Math.floor(Math.log2(count)) * 16;
  data.setUint32(0, flavor);
  data.setUint16(4, count);
  data.setUint16(6, searchRange);
  data.setUint16(8, Math.floor(Math.log2(count)));
  data.setUint16(10, count * 16 - searchRange);
  let offset = headerLength;
  sorted.forEach((table, i) => {
    const record = 12 + 16 * i;
    for (let c = 0; c < 4; c++) {
      out[record + c] = table.tag.charCodeAt(c);
    }
    out.set(table.bytes, offset);
    data.setUint32(
      record + 4,
      table.checksum ?? tableChecksum(out.subarray(offset, offset + pad4(table.bytes.length))),
    );
    data.setUint32(record + 8, offset);
    data.setUint32(record + 12, table.bytes.length);
    offset += pad4(table.bytes.length);
  });
  return out;
}

function tableChecksum(bytes: Uint8Array): number {
  const data = view(bytes);
  let sum = 0;
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    sum = (sum + data.getUint32(i)) >>> 0;
  }
  return sum;
}

export function pad4(length: number): number {
  return (length + 3) & ~3;
}

/** The Unicode mapping: format 12 (full range) when present, else format 4 (BMP). */
function readCmap(cmap: Uint8Array): Map<number, number> {
  const data = view(cmap);
  const count = data.getUint16(2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < count; i++) {
    const platform = data.getUint16(4 + 8 * i);
    const encoding = data.getUint16(6 + 8 * i);
    const offset = data.getUint32(8 + 8 * i);
    const format = data.getUint16(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && format === 12) {
      format12 ??= offset;
    } else if (unicode && format === 4) {
      format4 ??= offset;
    }
  }
  const map = new Map<number, number>();
  if (format12 !== undefined) {
    const groups = data.getUint32(format12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = format12 + 16 + 12 * g;
      const start = data.getUint32(at);
      const end = data.getUint32(at + 4);
      const glyph = data.getUint32(at + 8);
      for (let c = start; c <= end; c++) {
        map.set(c, glyph + c - start);
      }
    }
    return map;
  }
  if (format4 === undefined) {
    throw new Error('font has no Unicode cmap');
  }
  const segX2 = data.getUint16(format4 + 6);
  const ends = format4 + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  for (let s = 0; s < segX2; s += 2) {
    const start = data.getUint16(starts + s);
    const end = data.getUint16(ends + s);
    const delta = data.getInt16(deltas + s);
    const rangeOffset = data.getUint16(rangeOffsets + s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) {
        glyph = (c + delta) & 0xffff;
      } else {
        const at = rangeOffsets + s + rangeOffset + 2 * (c - start);
        glyph = data.getUint16(at);
        glyph = glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) {
        map.set(c, glyph);
      }
    }
  }
  return map;
}

function readPostScriptName(name: Uint8Array | undefined): string | undefined {
  if (name === undefined) {
    return undefined;
  }
  const data = view(name);
  const count = data.getUint16(2);
  const strings = data.getUint16(4);
  for (let i = 0; i < count; i++) {
    const at = 6 + 12 * i;
    if (data.getUint16(at + 6) !== 6) {
      continue;
    }
    const platform = data.getUint16(at);
    const length = data.getUint16(at + 8);
    const offset = strings + data.getUint16(at + 10);
    const raw = name.subarray(offset, offset + length);
    const text =
      platform === 1
        ? String.fromCharCode(...raw)
        : String.fromCharCode(...Array.from({ length: length / 2 }, (_, k) => data.getUint16(offset + 2 * k)));
    // A PDF name allows only a safe subset; PostScript names are ASCII without spaces already.
    return text.replace(/[^A-Za-z0-9_.-]/g, '');
  }
  return undefined;
}

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
