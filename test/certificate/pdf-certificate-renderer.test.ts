import { extractText, extractTextItems, getDocumentProxy, getMeta } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_LAYOUT } from '#adapters/certificate/draw-certificate-page.js';
import { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
import { ValidationError } from '#domain/errors.js';
import { inkShare, rasterisePdf } from './pdf-inspection.js';
import { CODE, NAMES_BY_SCRIPT, sampleContent, VERIFICATION_URL } from './sample-content.js';

const renderer = makePdfCertificateRenderer();
// pdf.js may take ownership of the buffer it is given, so each read gets its own copy.
const textOf = async (pdf: Uint8Array) => (await extractText(pdf.slice(), { mergePages: true })).text;

describe('the PDF certificate renderer', () => {
  it.each(NAMES_BY_SCRIPT)('prints a %s name that a PDF reader reads back: %s', async (_script, recipientName) => {
    // Act
    const pdf = await renderer.render(sampleContent({ recipientName }));

    // Assert
    const text = await textOf(pdf);
    expect(text).toContain(recipientName);
    expect(text).toContain('Certificate of Completion');
    expect(text).toContain('Introduction to Clinical Research Ethics');
    expect(text).toContain('Northfield University Online Learning');
    expect(text).toContain('Issued on April 16, 2026');
    expect(text).toContain(CODE);
    expect(text).toContain(VERIFICATION_URL);
  });

  it.each([
    ['de', ['Abschlusszertifikat', 'Hiermit wird bestätigt, dass', 'Ausgestellt am 16. April 2026', 'Prüfcode']],
    ['fr_ca', ['Certificat de réussite', 'Délivré le 16 avril 2026', 'Code de vérification']],
    ['ru', ['Сертификат об окончании', 'Выдан 16 апреля 2026 г.', 'Код проверки']],
    ['el', ['Πιστοποιητικό ολοκλήρωσης', 'Εκδόθηκε στις 16 Απριλίου 2026', 'Κωδικός επαλήθευσης']],
    // No Italian wording: English words, but the date stays Italian and stands alone.
    ['it', ['Certificate of Completion', '16 aprile 2026']],
    // No Chinese wording: English words, and the Chinese date drawn from the Noto Sans SC fallback.
    ['zh_cn', ['Certificate of Completion', '2026年4月16日']],
  ])('words a certificate for lang %s', async (lang, expected) => {
    // Act
    const pdf = await renderer.render(sampleContent({ lang }));

    // Assert
    const text = await textOf(pdf);
    for (const phrase of expected) {
      expect(text).toContain(phrase);
    }
  });

  it('maps a plain letter to its character after an earlier certificate drew it only inside an accented one', async () => {
    // Arrange: in DejaVu, Å is built from the glyph of A; a font parsed once and shared between documents
    // would remember that A glyph without its character and print an unreadable A in the next document.
    const fresh = makePdfCertificateRenderer();
    await fresh.render(sampleContent({ recipientName: 'Åsa Öberg', courseName: 'Ö', siteName: 'Ö' }));

    // Act
    const pdf = await fresh.render(sampleContent({ lang: 'de', recipientName: 'Anna Olsen' }));

    // Assert
    const text = await textOf(pdf);
    expect(text).toContain('Abschlusszertifikat');
    expect(text).toContain('Anna Olsen');
  });

  it('makes a landscape A4 page with its metadata set', async () => {
    // Act
    const pdf = await renderer.render(sampleContent({ recipientName: 'Анна Кузнецова', lang: 'ru' }));

    // Assert
    const page = await (await getDocumentProxy(pdf.slice())).getPage(1);
    expect(page.view).toEqual([0, 0, 841.89, 595.28]);
    const { info } = await getMeta(pdf.slice());
    expect(info).toMatchObject({
      Title: 'Сертификат об окончании: Introduction to Clinical Research Ethics',
      Author: 'Northfield University Online Learning',
      Subject: 'Анна Кузнецова — Introduction to Clinical Research Ethics',
      Producer: 'manireports-cloud',
      CreationDate: 'D:20260415233000Z',
      Language: 'ru',
    });
  });

  it('stays well under 200 KB with every script on the page', async () => {
    // Arrange: all four names in one, and the Greek wording, to pull in the most glyphs.
    const recipientName = NAMES_BY_SCRIPT.map(([, name]) => name).join(' ');

    // Act
    const pdf = await renderer.render(sampleContent({ recipientName, lang: 'el' }));

    // Assert
    expect(pdf.length).toBeLessThan(200 * 1024);
  });

  it('keeps every line of an overlong name, course and site inside the margins', async () => {
    // Arrange
    const content = sampleContent({
      recipientName: `Maria ${'Ångström-Łukasiewicz '.repeat(12)}Nguyễn`,
      courseName: `Advanced ${'Clinical Research Ethics and Good Practice '.repeat(6)}`,
      siteName: `The ${'Northfield University Online Learning '.repeat(4)}`,
    });

    // Act
    const pdf = await renderer.render(content);

    // Assert: pdf.js measures each run with the widths stored in the PDF, not with the renderer's arithmetic.
    const { items } = await extractTextItems(pdf.slice());
    const runs = (items[0] ?? []).filter((item) => item.str.trim() !== '');
    expect(runs.length).toBeGreaterThan(10);
    const { margin, pageWidth } = CERTIFICATE_LAYOUT;
    for (const run of runs) {
      expect(run.x).toBeGreaterThanOrEqual(margin - 0.01);
      expect(run.x + run.width).toBeLessThanOrEqual(pageWidth - margin + 0.01);
    }
    // And on paper (72 dpi: one pixel per point): no ink between the inner frame (at 29 pt) and the margins.
    const { png } = await rasterisePdf(pdf, 72);
    const band = { y: 34, width: margin - 36, height: png.height - 68 };
    expect(inkShare(png, { x: 34, ...band })).toBe(0);
    expect(inkShare(png, { x: png.width - 34 - band.width, ...band })).toBe(0);
  });

  it('gives the same bytes for the same content, so a retried job writes an identical object', async () => {
    // Act
    const first = await renderer.render(sampleContent());
    const second = await makePdfCertificateRenderer().render(sampleContent());

    // Assert
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('refuses content that breaks a rule, naming the field', async () => {
    // Act
    const rendering = renderer.render(sampleContent({ recipientName: ' ' }));

    // Assert
    await expect(rendering).rejects.toThrow(ValidationError);
    await expect(renderer.render(sampleContent({ timeZone: '99' }))).rejects.toThrow(/timeZone/);
  });

  it('fails with the file error when the font folder is missing', async () => {
    // Arrange
    const misconfigured = makePdfCertificateRenderer({ fontDirectory: '/nonexistent/fonts' });

    // Act
    const rendering = misconfigured.render(sampleContent());

    // Assert
    await expect(rendering).rejects.toThrow(/ENOENT/);
  });
});
