import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
import { buildVerificationUrl } from '#domain/certificate.js';
import { decodeQrCodeOnPage, listEmbeddedFonts, pdffonts } from './pdf-inspection.js';
import { CODE, sampleContent, VERIFICATION_URL } from './sample-content.js';

const renderer = makePdfCertificateRenderer();

describe('embedded fonts', () => {
  it('embeds each face as TrueType subsets (the fixed part’s and the learner’s): FontFile2, a six-letter tag, only the glyphs drawn', async () => {
    // Act
    const pdf = await renderer.render(sampleContent({ recipientName: 'Αλέξανδρος Παπαδόπουλος', lang: 'el' }));

    // Assert: as pdf-lib parses the file…
    const fonts = await listEmbeddedFonts(pdf);
    const faces = fonts.map((font) => font.fontName.replace(/^[A-Z]{6}\+/, ''));
    expect([...new Set(faces)].sort()).toEqual(['DejaVuSans', 'DejaVuSerif-Bold', 'DejaVuSerif-Italic']);
    // At most two subsets of a face: the one of the page's fixed part and the learner's extra glyphs.
    expect(faces.length).toBeLessThanOrEqual(6);
    expect(new Set(fonts.map((font) => font.fontName)).size).toBe(fonts.length);
    for (const font of fonts) {
      expect(font.fontName).toMatch(/^[A-Z]{6}\+DejaVu/);
      expect(font.fontFileKey).toBe('FontFile2');
      // The full faces hold 3,500 to 6,300 glyphs; a certificate draws well under a hundred per face.
      expect(font.glyphCount).toBeLessThan(100);
    }
    // …and as poppler does.
    const rows = await pdffonts(pdf);
    expect(rows).toHaveLength(fonts.length);
    expect(rows.every((row) => row.embedded && row.subset)).toBe(true);
  });

  it('adds a Noto subset only for the script that needs it', async () => {
    // Act
    const pdf = await renderer.render(sampleContent({ recipientName: 'राहुल शर्मा' }));

    // Assert
    const names = (await listEmbeddedFonts(pdf)).map((font) => font.fontName.replace(/^[A-Z]{6}\+/, ''));
    expect([...new Set(names)].sort()).toEqual([
      'DejaVuSans',
      'DejaVuSerif-Bold',
      'DejaVuSerif-Italic',
      'NotoSansDevanagari-Bold',
    ]);
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
