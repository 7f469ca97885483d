import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, type PDFFont, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  CERTIFICATE_FACES,
  type CertificateFace,
  defaultFontDirectory,
  embedCertificateFonts,
  loadCertificateFontFiles,
} from '#adapters/certificate/certificate-fonts.js';
import { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
import { buildVerificationUrl } from '#domain/certificate.js';
import {
  decodeQrCodeOnPage,
  differingPixelShare,
  inkShare,
  listEmbeddedFonts,
  pdffonts,
  rasterisePdf,
} from './pdf-inspection.js';
import { CODE, NAMES_BY_SCRIPT, sampleContent, VERIFICATION_URL } from './sample-content.js';

const renderer = makePdfCertificateRenderer();
const FACES = Object.keys(CERTIFICATE_FACES) as CertificateFace[];

describe('embedded fonts', () => {
  it('embeds each face as a TrueType subset: FontFile2, a six-letter tag, and only the glyphs drawn', async () => {
    // Act
    const pdf = await renderer.render(sampleContent({ recipientName: 'Αλέξανδρος Παπαδόπουλος', lang: 'el' }));

    // Assert: as pdf-lib parses the file…
    const fonts = await listEmbeddedFonts(pdf);
    expect(fonts.map((font) => font.fontName.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'DejaVuSans',
      'DejaVuSerif-Bold',
      'DejaVuSerif-Italic',
    ]);
    for (const font of fonts) {
      expect(font.fontName).toMatch(/^[A-Z]{6}\+DejaVu/);
      expect(font.fontFileKey).toBe('FontFile2');
      // The full faces hold 3,500 to 6,300 glyphs; a certificate draws well under a hundred per face.
      expect(font.glyphCount).toBeLessThan(100);
    }
    // …and as poppler does.
    const rows = await pdffonts(pdf);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.embedded && row.subset)).toBe(true);
  });

  it('draws every glyph of a subset exactly as the full font does', async () => {
    // Arrange: the text of all four scripts in every face, once from subsets and once from the whole files.
    const files = await loadCertificateFontFiles();
    const lines = [...NAMES_BY_SCRIPT.map(([, name]) => name), 'Délivré le 16 avril 2026 — Prüfcode: 7K3M-9QXH ½'];
    const drawAll = (doc: PDFDocument, fonts: Record<CertificateFace, PDFFont>) => {
      const page = doc.addPage([842, 595]);
      FACES.forEach((face, column) => {
        lines.forEach((line, row) => {
          page.drawText(line, { x: 20, y: 560 - (column * lines.length + row) * 36, size: 24, font: fonts[face] });
        });
      });
    };
    const subsetDoc = await PDFDocument.create();
    drawAll(subsetDoc, await embedCertificateFonts(subsetDoc, files, 'glyph test'));
    const fullDoc = await PDFDocument.create();
    fullDoc.registerFontkit(fontkit);
    const fullFonts = await Promise.all(FACES.map((face) => fullDoc.embedFont(files[face], { subset: false })));
    drawAll(
      fullDoc,
      Object.fromEntries(FACES.map((face, i) => [face, fullFonts[i]])) as Record<CertificateFace, PDFFont>,
    );

    // Act
    const subset = await rasterisePdf(await subsetDoc.save(), 100);
    const full = await rasterisePdf(await fullDoc.save(), 100);

    // Assert: the text really is there, poppler found nothing wrong with either font, and no pixel differs.
    expect(inkShare(full.png)).toBeGreaterThan(0.03);
    expect(subset.stderr).toBe('');
    expect(full.stderr).toBe('');
    expect(differingPixelShare(subset.png, full.png)).toBe(0);
  });

  it("ships faces whose glyph records are all of even length, which @pdf-lib/fontkit's subsetter relies on", async () => {
    // Arrange: that subsetter writes the short loca format (offsets halved) without padding glyph records.
    const directory = defaultFontDirectory();

    // Act
    const offsets = await Promise.all(
      Object.values(CERTIFICATE_FACES).map(async (file) => {
        const font = fontkit.create(await readFile(join(directory, file))) as unknown as {
          loca: { offsets: number[] };
        };
        return font.loca.offsets;
      }),
    );

    // Assert
    for (const faceOffsets of offsets) {
      expect(faceOffsets.length).toBeGreaterThan(1000);
      expect(faceOffsets.filter((offset) => offset % 2 !== 0)).toEqual([]);
    }
  });
});

describe('the QR code', () => {
  it('decodes, from the printed page, to the verification URL', async () => {
    // Act
    const pdf = await renderer.render(sampleContent());

    // Assert
    expect(await decodeQrCodeOnPage(pdf)).toBe(VERIFICATION_URL);
  });

  it('still decodes for a long verification URL, which needs a larger QR version', async () => {
    // Arrange
    const verificationUrl = buildVerificationUrl(
      'https://moodle.faculty-of-medicine.northfield-university.example.edu/learning/local/manireports/verify.php?lang=el',
      CODE,
    );

    // Act
    const pdf = await renderer.render(sampleContent({ verificationUrl }));

    // Assert
    expect(await decodeQrCodeOnPage(pdf)).toBe(verificationUrl);
  });

  it('is drawn as vector shapes: the page holds no image', async () => {
    // Act
    const pdf = await renderer.render(sampleContent());

    // Assert
    const resources = (await PDFDocument.load(pdf)).getPage(0).node.Resources();
    const xObjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    expect(xObjects?.keys() ?? []).toEqual([]);
  });
});
