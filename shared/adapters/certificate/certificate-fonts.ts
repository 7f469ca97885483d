/**
 * The DejaVu faces a certificate is set in, read once per process and embedded into each PDF as a subset.
 *
 * Why DejaVu: the 14 standard PDF fonts cover only WinAnsi, so "Łukasiewicz", "Nguyễn", Cyrillic and Greek names
 * need an embedded font; DejaVu covers all four scripts in every face used here and its licence allows embedding.
 * Why `@pdf-lib/fontkit`'s subsetter is safe with it: that subsetter writes the short `loca` format and halves
 * offsets without padding, which corrupts glyphs whose records have an odd length — DejaVu pads every record
 * to 4 bytes (a test checks the shipped files, and another compares subset and full glyphs pixel for pixel).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/** The faces a certificate uses, by role. */
export const CERTIFICATE_FACES = {
  /** Title, name, course and site. */
  display: 'DejaVuSerif-Bold.ttf',
  /** The connecting phrases ("This certifies that"). */
  phrase: 'DejaVuSerif-Italic.ttf',
  /** Date, labels, verification code and URL. */
  body: 'DejaVuSans.ttf',
} as const;

export type CertificateFace = keyof typeof CERTIFICATE_FACES;

/** The raw bytes of every face, as read from disk. */
export type CertificateFontFiles = Readonly<Record<CertificateFace, Uint8Array>>;

/** The faces embedded into one document. */
export type CertificateFonts = Readonly<Record<CertificateFace, PDFFont>>;

/**
 * The folder of `dejavu-fonts-ttf`'s TrueType files in `node_modules`. A bundled Lambda has no `node_modules`:
 * its build copies the files listed in {@link CERTIFICATE_FACES} and passes their folder instead.
 */
export function defaultFontDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

const filesByDirectory = new Map<string, Promise<CertificateFontFiles>>();

/**
 * The font files in `directory`, read once per process: a warm Lambda reuses them for every certificate.
 * A failed read is not cached, so the next render tries again.
 */
export function loadCertificateFontFiles(directory = defaultFontDirectory()): Promise<CertificateFontFiles> {
  let files = filesByDirectory.get(directory);
  if (files === undefined) {
    files = readFontFiles(directory);
    filesByDirectory.set(directory, files);
    files.catch(() => filesByDirectory.delete(directory));
  }
  return files;
}

async function readFontFiles(directory: string): Promise<CertificateFontFiles> {
  const entries = await Promise.all(
    Object.entries(CERTIFICATE_FACES).map(async ([face, file]) => {
      const bytes = await readFile(join(directory, file));
      return [face, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<CertificateFace, Uint8Array>;
}

/**
 * Embeds every face into `doc` as a subset holding only the glyphs drawn.
 *
 * The subsets are named `ABCDEF+DejaVuSerif-Bold`, the tag that marks a subset (PDF 32000-1 §9.6.4). The tag
 * is derived from `seed` (pass the document's text) rather than drawn at random, so the same content still
 * gives the same bytes.
 */
export async function embedCertificateFonts(
  doc: PDFDocument,
  files: CertificateFontFiles,
  seed: string,
): Promise<CertificateFonts> {
  // Each document parses its fonts afresh. A parsed font must not be shared across documents: fontkit caches
  // glyphs by id, and a glyph first reached as a component of an accented one (the A of Å) is cached without
  // its code point, so a later document would map that glyph to no character in its ToUnicode table.
  doc.registerFontkit(fontkit);
  const entries = await Promise.all(
    (Object.keys(CERTIFICATE_FACES) as CertificateFace[]).map(async (face) => {
      const fontName = CERTIFICATE_FACES[face].replace(/\.ttf$/, '');
      const customName = `${subsetTag(`${fontName}\n${seed}`)}+${fontName}`;
      return [face, await doc.embedFont(files[face], { subset: true, customName })] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<CertificateFace, PDFFont>;
}

/** Six capital letters, as the PDF specification requires of a subset tag. */
function subsetTag(input: string): string {
  const digest = createHash('sha256').update(input).digest();
  return Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

/** Whether `font` has a glyph for every character of `text` (else it would print empty boxes). */
export function canRenderText(font: PDFFont, text: string): boolean {
  const supported = new Set(font.getCharacterSet());
  return [...text].every((char) => /\s/u.test(char) || supported.has(char.codePointAt(0) ?? 0));
}
