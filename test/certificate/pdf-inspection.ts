/**
 * Reading a rendered certificate back the way a reader would: pixels from poppler's `pdftoppm` (Debian package
 * poppler-utils), QR codes decoded from those pixels by jsQR, and the font dictionaries parsed from the file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import jsQRModule from 'jsqr';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { PNG } from 'pngjs';

const run = promisify(execFile);
// jsqr is CommonJS whose typings declare an ES default export; its `module.exports.default` is the decoder.
const jsQR = jsQRModule.default;

/** The first page of `pdf` as RGBA pixels at `dpi`, with whatever poppler printed to stderr (font errors). */
export async function rasterisePdf(pdf: Uint8Array, dpi: number): Promise<{ png: PNG; stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'certificate-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    const { stderr } = await run('pdftoppm', [
      '-png',
      '-r',
      String(dpi),
      '-singlefile',
      join(dir, 'in.pdf'),
      join(dir, 'page'),
    ]);
    return { png: PNG.sync.read(await readFile(join(dir, 'page.png'))), stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of the QR code found on the first page, or `undefined` when none can be read. */
export async function decodeQrCodeOnPage(pdf: Uint8Array, dpi = 150): Promise<string | undefined> {
  const { png } = await rasterisePdf(pdf, dpi);
  const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength);
  return jsQR(pixels, png.width, png.height)?.data;
}

/** The fraction of pixels that differ between two images of the same size. */
export function differingPixelShare(a: PNG, b: PNG): number {
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) {
      differing++;
    }
  }
  return differing / (a.data.length / 4);
}

/** A rectangle of pixels, from the top-left corner. */
export interface PixelRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The fraction of pixels in `region` (the whole image by default) that carry ink (are not near-white). */
export function inkShare(png: PNG, region: PixelRegion = { x: 0, y: 0, width: png.width, height: png.height }): number {
  let ink = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      const i = (y * png.width + x) * 4;
      if (Math.min(png.data[i] ?? 255, png.data[i + 1] ?? 255, png.data[i + 2] ?? 255) < 200) {
        ink++;
      }
    }
  }
  return ink / (region.width * region.height);
}

/** One font descriptor of a PDF: its name, which font-file stream it embeds, and that file's glyph count. */
export interface EmbeddedFont {
  fontName: string;
  fontFileKey: 'FontFile' | 'FontFile2' | 'FontFile3' | undefined;
  glyphCount: number | undefined;
}

/** Every FontDescriptor in `pdf`, as parsed from the file's objects; TrueType files are opened to count glyphs. */
export async function listEmbeddedFonts(pdf: Uint8Array): Promise<EmbeddedFont[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const fonts: EmbeddedFont[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('FontDescriptor')) {
      const fontFileKey = (['FontFile', 'FontFile2', 'FontFile3'] as const).find(
        (key) => object.get(PDFName.of(key)) instanceof PDFRef,
      );
      const file = fontFileKey === 'FontFile2' ? doc.context.lookup(object.get(PDFName.of(fontFileKey))) : undefined;
      const glyphCount =
        file instanceof PDFRawStream ? fontkit.create(decodePDFRawStream(file).decode()).numGlyphs : undefined;
      fonts.push({ fontName: String(object.get(PDFName.of('FontName'))).replace(/^\//, ''), fontFileKey, glyphCount });
    }
  }
  return fonts;
}

/** `pdffonts` output: one row per font with its embedded and subset flags, as poppler reads them. */
export async function pdffonts(pdf: Uint8Array): Promise<{ name: string; embedded: boolean; subset: boolean }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'certificate-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    const { stdout } = await run('pdffonts', [join(dir, 'in.pdf')]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const columns = line.trim().split(/\s+/);
        // name type… encoding emb sub uni objectId gen: the flags sit fifth to third from the end.
        return { name: columns[0] ?? '', embedded: columns.at(-5) === 'yes', subset: columns.at(-4) === 'yes' };
      });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
