/**
 * Writes a one-page PDF from a {@link PdfCanvas}: each font as a Type 0 font over a CIDFontType2 subset with its
 * widths and a ToUnicode map, streams deflated with Node's zlib, and no time stamp or random ID of its own, so
 * the same canvas and metadata always give the same bytes.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { type FontUse, hex4, num, type PdfCanvas, utf16Hex } from './pdf-canvas.js';
import { subsetTrueType } from './truetype-subset.js';

/** The document information dictionary and the catalog's language. */
export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  producer: string;
  /** Creation and modification date. */
  date: Date;
  /** BCP 47 tag of the document's language. */
  language: string;
}

const encoder = new TextEncoder();

export function writePdf(canvas: PdfCanvas, pageSize: readonly [number, number], metadata: PdfMetadata): Uint8Array {
  const objects: Uint8Array[] = [];
  const add = (body: string | Uint8Array): number => {
    objects.push(typeof body === 'string' ? encoder.encode(body) : body);
    return objects.length;
  };
  const reserve = (): number => add('');
  const set = (ref: number, body: string | Uint8Array) => {
    objects[ref - 1] = typeof body === 'string' ? encoder.encode(body) : body;
  };

  const catalog = reserve();
  const pages = reserve();
  const page = reserve();
  const base = canvas.basePart;
  const fontRefs = [...base.fonts, ...canvas.fonts].map((use) => `/${use.resourceName} ${writeFont(use, add)} 0 R`);
  const contents = [
    ...(base.content === '' ? [] : [add(cached(base, 'content', () => stream(encoder.encode(base.content), '')))]),
    add(stream(encoder.encode(canvas.content), '')),
  ];
  set(
    page,
    `<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 ${num(pageSize[0])} ${num(pageSize[1])}] ` +
      `/Resources << /Font << ${fontRefs.join(' ')} >> >> /Contents [${contents.map((ref) => `${ref} 0 R`).join(' ')}] >>`,
  );
  set(pages, `<< /Type /Pages /Kids [${page} 0 R] /Count 1 >>`);
  set(
    catalog,
    `<< /Type /Catalog /Pages ${pages} 0 R /Lang ${utf16Hex(metadata.language)} /MarkInfo << /Marked true >> >>`,
  );
  const date = pdfDate(metadata.date);
  const info = add(
    `<< /Title ${utf16Hex(metadata.title)} /Author ${utf16Hex(metadata.author)} /Subject ${utf16Hex(metadata.subject)} ` +
      `/Keywords ${utf16Hex(metadata.keywords)} /Creator ${utf16Hex(metadata.creator)} ` +
      `/Producer ${utf16Hex(metadata.producer)} /CreationDate (${date}) /ModDate (${date}) >>`,
  );
  return assemble(objects, catalog, info);
}

/**
 * Compressed streams of a sealed part (its content, its fonts' files and CMaps), kept with the part: the same
 * bytes every time, so reusing them changes nothing in the output but the time it takes.
 */
const streams = new WeakMap<object, Map<string, Uint8Array>>();

function cached(owner: object, name: string, make: () => Uint8Array): Uint8Array {
  let byName = streams.get(owner);
  if (byName === undefined) {
    byName = new Map();
    streams.set(owner, byName);
  }
  let bytes = byName.get(name);
  if (bytes === undefined) {
    bytes = make();
    byName.set(name, bytes);
  }
  return bytes;
}

function writeFont(use: FontUse, add: (body: string | Uint8Array) => number): number {
  const { sfnt } = use.font;
  // The subset tag (ISO 32000-1 §9.6.4) from the glyphs drawn, not from chance, so bytes stay reproducible.
  const digest = createHash('sha256').update(use.font.id).update(Uint32Array.from(use.oldGlyphs)).digest();
  const tag = Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
  const baseFont = `${tag}+${sfnt.postScriptName}`;
  const scale = 1000 / sfnt.unitsPerEm;
  const fontFile = add(
    cached(use, 'file', () => {
      const subset = subsetTrueType(sfnt, use.oldGlyphs);
      return stream(subset.bytes, `/Length1 ${subset.bytes.length}`);
    }),
  );
  const [xMin, yMin, xMax, yMax] = sfnt.bbox;
  const descriptor = add(
    `<< /Type /FontDescriptor /FontName /${baseFont} /Flags 4 /FontBBox [${[xMin, yMin, xMax, yMax]
      .map((v) => num(v * scale))
      .join(' ')}] /ItalicAngle ${num(sfnt.italicAngle)} /Ascent ${num(sfnt.ascender * scale)} ` +
      `/Descent ${num(sfnt.descender * scale)} /CapHeight ${num(sfnt.capHeight * scale)} /StemV 80 ` +
      `/FontFile2 ${fontFile} 0 R >>`,
  );
  const widths = use.widths.join(' ');
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${baseFont} ` +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> ' +
      `/FontDescriptor ${descriptor} 0 R /DW 0 /W [1 [${widths}]] /CIDToGIDMap /Identity >>`,
  );
  const toUnicode = add(cached(use, 'cmap', () => stream(encoder.encode(toUnicodeCMap(use)), '')));
  return add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /${baseFont} /Encoding /Identity-H ` +
      `/DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );
}

/** The CMap that maps each CID to the characters it was drawn for (PDF 32000-1 §9.10.3). */
function toUnicodeCMap(use: FontUse): string {
  const entries = [...use.unicodeOf.entries()].sort(([a], [b]) => a - b);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    blocks.push(
      `${chunk.length} beginbfchar\n${chunk
        .map(([cid, text]) => `<${hex4(cid)}> ${utf16Hex(text).replace('<FEFF', '<')}`)
        .join('\n')}\nendbfchar`,
    );
  }
  return [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    ...blocks,
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
}

function stream(data: Uint8Array, extra: string): Uint8Array {
  // A window no larger than the data: zlib allocates and clears it per call, which dominates for small streams.
  const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(data.length + 1)) + 1));
  const compressed = deflateSync(data, { windowBits, memLevel: windowBits < 15 ? 7 : 8 });
  const head = encoder.encode(`<< /Length ${compressed.length} /Filter /FlateDecode ${extra}>>\nstream\n`);
  const tail = encoder.encode('\nendstream');
  const out = new Uint8Array(head.length + compressed.length + tail.length);
  out.set(head, 0);
  out.set(compressed, head.length);
  out.set(tail, head.length + compressed.length);
  return out;
}

function assemble(objects: readonly Uint8Array[], root: number, info: number): Uint8Array {
  const header = encoder.encode('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n');
  const parts: Uint8Array[] = [header];
  const offsets: number[] = [];
  let length = header.length;
  objects.forEach((body, index) => {
    offsets.push(length);
    const head = encoder.encode(`${index + 1} 0 obj\n`);
    const tail = encoder.encode('\nendobj\n');
    parts.push(head, body, tail);
    length += head.length + body.length + tail.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f\r',
    ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n\r`),
    'trailer',
    `<< /Size ${objects.length + 1} /Root ${root} 0 R /Info ${info} 0 R >>`,
    'startxref',
    String(length),
    '%%EOF\n',
  ].join('\n');
  const trailer = encoder.encode(xref);
  parts.push(trailer);
  const out = new Uint8Array(length + trailer.length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `D:20260415233000Z`: a PDF date in UTC. */
function pdfDate(date: Date): string {
  return `D:${date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')}`;
}
