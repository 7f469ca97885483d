/**
 * Issue #9, renderer side: a learner's name prints correctly in every script Moodle serves, a character no font
 * covers fails the certificate, and output is byte-identical however renders are scheduled. Text is read back
 * with poppler's pdftotext (Debian poppler-utils), pages with pdftoppm.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_LAYOUT } from '#adapters/certificate/draw-certificate-page.js';
import { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
import { UnsupportedCharactersError } from '#domain/unsupported-characters-error.js';
import { decodeQrCodeOnPage, differingPixelShare, rasterisePdf } from './pdf-inspection.js';
import { sampleContent, VERIFICATION_URL } from './sample-content.js';

const run = promisify(execFile);
const renderer = makePdfCertificateRenderer();

/** [script, name, certificate language, course]. */
const SCRIPTS = [
  ['Latin', 'Zoë Ångström-Łukasiewicz', 'en', 'Introduction to Clinical Research Ethics'],
  ['Vietnamese', 'Nguyễn Thị Minh Khai', 'vi', 'Nhập môn đạo đức nghiên cứu'],
  ['Greek', 'Αλέξανδρος Παπαδόπουλος', 'el', 'Εισαγωγή στην ηθική της έρευνας'],
  ['Cyrillic', 'Анна Кузнецова', 'ru', 'Введение в этику исследований'],
  ['Arabic', 'محمد عبد الله', 'ar', 'مقدمة في أخلاقيات البحث السريري'],
  ['Arabic lam-alef', 'لانا الأحمد', 'ar', 'مقدمة في أخلاقيات البحث'],
  ['Persian', 'مریم حسینی', 'fa', 'مقدمه‌ای بر اخلاق پژوهش'],
  ['Urdu', 'عائشہ خان', 'ur', 'تحقیق کی اخلاقیات کا تعارف'],
  ['Hebrew with niqqud', 'דָּוִד כֹּהֵן', 'he', 'מבוא לאתיקה של מחקר קליני'],
  ['Chinese (Simplified)', '王小明', 'zh_cn', '临床研究伦理导论'],
  ['Chinese (Traditional)', '陳國華', 'zh_tw', '臨床研究倫理導論'],
  ['Japanese', '佐藤 花子', 'ja', 'さくら臨床研究入門'],
  ['Korean', '김민준', 'ko', '임상 연구 윤리 입문'],
  ['Devanagari', 'राहुल शर्मा', 'hi', 'नैदानिक अनुसंधान नैतिकता का परिचय'],
  ['Bengali', 'অমিত রায়', 'bn', 'ক্লিনিক্যাল গবেষণা নৈতিকতা'],
  ['Tamil', 'கார்த்திக் சுப்பிரமணியம்', 'ta', 'மருத்துவ ஆராய்ச்சி அறம்'],
  ['Thai', 'สมชาย ใจดี', 'th', 'จริยธรรมการวิจัยทางคลินิก'],
  ['Armenian', 'Արամ Պետրոսյան', 'hy', 'Հետազոտության էթիկա'],
  ['Georgian', 'გიორგი ბერიძე', 'ka', 'კვლევის ეთიკის შესავალი'],
  ['Ethiopic', 'አበበ ቢቂላ', 'am', 'የምርምር ሥነ ምግባር መግቢያ'],
  ['mixed direction, left-to-right paragraph', 'Course 101 – אבטחה', 'en', 'Course 101 – אבטחה'],
] as const;

async function withPdf<T>(pdf: Uint8Array, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'certificate-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    return await use(join(dir, 'in.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const pdftotext = (pdf: Uint8Array) =>
  withPdf(pdf, async (path) => (await run('pdftotext', ['-enc', 'UTF-8', path, '-'])).stdout);

/** Every word poppler finds, with its box in points (origin top-left). */
const wordBoxes = (pdf: Uint8Array) =>
  withPdf(pdf, async (path) => {
    const { stdout } = await run('pdftotext', ['-bbox', path, '-']);
    return [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)].map(
      (match) => ({ xMin: Number(match[1]), xMax: Number(match[3]), text: match[5] ?? '' }),
    );
  });

/** The decompressed content streams and their text-showing operands: every glyph code drawn. */
function drawnGlyphCodes(pdf: Uint8Array): number[] {
  const text = Buffer.from(pdf).toString('latin1');
  const codes: number[] = [];
  for (const match of text.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    let body: string;
    try {
      body = inflateSync(Buffer.from(match[1] ?? '', 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    if (!body.includes(' Tf')) {
      continue; // A font file or a CMap, not a page's content.
    }
    for (const operand of body.matchAll(/<([0-9A-F]{4})>/g)) {
      codes.push(Number.parseInt(operand[1] ?? '', 16));
    }
  }
  return codes;
}

/** NFKC, without the embedding marks poppler wraps right-to-left text in (U+202A…U+202E): format, not content. */
const nfkc = (text: string) => text.normalize('NFKC').replace(/[\u202a-\u202e]/g, '');

describe('a certificate in every script', () => {
  it.each(SCRIPTS)(
    '%s: the name reads back in logical order and stays inside the margins',
    async (_script, name, lang, course) => {
      // Act
      const pdf = await renderer.render(sampleContent({ recipientName: name, lang, courseName: course }));

      // Assert: poppler reads the name and the course back as written.
      const text = nfkc(await pdftotext(pdf));
      expect(text).toContain(nfkc(name));
      expect(text).toContain(nfkc(course));
      // No glyph 0 (.notdef, the empty box) anywhere on the page.
      const codes = drawnGlyphCodes(pdf);
      expect(codes.length).toBeGreaterThan(50);
      expect(codes).not.toContain(0);
      // Every word, the name's included, lies within the side margins.
      const { margin, pageWidth } = CERTIFICATE_LAYOUT;
      const words = await wordBoxes(pdf);
      expect(words.length).toBeGreaterThan(6);
      for (const word of words) {
        expect(word.xMin, word.text).toBeGreaterThanOrEqual(margin - 0.5);
        expect(word.xMax, word.text).toBeLessThanOrEqual(pageWidth - margin + 0.5);
      }
    },
  );

  it.each([
    ['ar', 'محمد عبد الله'],
    ['hi', 'राहुल शर्मा'],
    ['zh_cn', '王小明'],
  ])(
    '%s: the QR code still decodes to the verification URL (mirrored to the left on a right-to-left page)',
    async (lang, recipientName) => {
      // Act
      const pdf = await renderer.render(sampleContent({ recipientName, lang }));

      // Assert
      expect(await decodeQrCodeOnPage(pdf)).toBe(VERIFICATION_URL);
    },
  );

  it('keeps each run of a right-to-left paragraph with a Latin word in logical order (poppler orders the runs)', async () => {
    // Arrange: poppler lays a mixed line out left to right, so "محمد Smith" (right-to-left: Smith is drawn on the
    // left) comes back as "Smith محمد"; each run must still read in logical order (docs/certificates.md).
    const recipientName = 'محمد عبد الله Smith';

    // Act
    const pdf = await renderer.render(sampleContent({ recipientName, lang: 'ar' }));

    // Assert
    const text = nfkc(await pdftotext(pdf));
    expect(text).toContain('محمد عبد الله');
    expect(text).toMatch(/Smith\s*محمد عبد الله/);
  });

  it('prints a right-to-left language in its own words, with its date from Intl', async () => {
    // Act
    const pdf = await renderer.render(sampleContent({ recipientName: 'דוד כהן', lang: 'he' }));

    // Assert
    const text = nfkc(await pdftotext(pdf));
    expect(text).toContain('תעודת סיום');
    expect(text).toContain('קוד אימות');
    const date = new Intl.DateTimeFormat('he', { dateStyle: 'long', timeZone: 'Pacific/Auckland' }).format(
      Date.parse('2026-04-15T23:30:00Z'),
    );
    for (const word of date.split(/\s+/)) {
      expect(text).toContain(nfkc(word.replace(/[\u200e\u200f]/g, '')));
    }
  });

  it('mirrors the footer on a right-to-left page: site and code on the right, QR code on the left', async () => {
    // Act
    const pdf = await renderer.render(sampleContent({ recipientName: 'محمد عبد الله', lang: 'ar' }));

    // Assert
    const words = await wordBoxes(pdf);
    const code = words.find((word) => word.text === '7K3M-9QXH-2B4N-D8RT');
    const url = words.find((word) => word.text.startsWith('https://'));
    expect(code?.xMax).toBeCloseTo(CERTIFICATE_LAYOUT.pageWidth - CERTIFICATE_LAYOUT.margin, 0);
    expect(url?.xMin).toBeCloseTo(CERTIFICATE_LAYOUT.margin, 0);
  });
});

describe('a character no font covers', () => {
  it.each([
    ['recipientName', { recipientName: 'Ann \u{13000}\u{10300} Smith\u{13000}' }, [0x13000, 0x10300]],
    ['courseName', { courseName: 'Intro \u{1D800}' }, [0x1d800]],
    ['siteName', { siteName: '\u{16A40} Academy' }, [0x16a40]],
  ] as const)(
    'in %s fails the certificate, naming the field and the code points',
    async (field, overrides, codePoints) => {
      // Act
      const rendering = renderer.render(sampleContent(overrides));

      // Assert
      await expect(rendering).rejects.toThrow(UnsupportedCharactersError);
      await expect(rendering).rejects.toMatchObject({ field, codePoints });
    },
  );
});

describe('deterministic output', () => {
  it('gives the same bytes for ten renders at once as for ten in a row, in every script', async () => {
    // Arrange: fresh renderers, so fonts load while the concurrent renders interleave.
    const contents = SCRIPTS.slice(0, 10).map(([, recipientName, lang, courseName]) =>
      sampleContent({ recipientName, lang, courseName }),
    );

    // Act
    const concurrent = await Promise.all(contents.map((content) => makeRendererOnce().render(content)));
    const sequentialRenderer = makePdfCertificateRenderer();
    const sequential: Uint8Array[] = [];
    for (const content of contents) {
      sequential.push(await sequentialRenderer.render(content));
    }

    // Assert
    concurrent.forEach((pdf, index) => {
      expect(Buffer.from(pdf).equals(Buffer.from(sequential[index] ?? new Uint8Array()))).toBe(true);
    });
  });
});

let shared: ReturnType<typeof makePdfCertificateRenderer> | undefined;
function makeRendererOnce() {
  shared ??= makePdfCertificateRenderer();
  return shared;
}

/**
 * Reference pages: pdftoppm at 40 dpi against PNGs checked in beside this file. Tolerance: at most 0.5 % of
 * pixels may differ (poppler/FreeType anti-aliasing between Debian versions); a wrong, missing or boxed glyph
 * in the name alone changes several percent. `UPDATE_REFERENCE=1` rewrites them after an intended change.
 */
describe('reference pages', () => {
  it.each([
    ['arabic', 'محمد عبد الله', 'ar'],
    ['devanagari', 'राहुल शर्मा', 'hi'],
    ['chinese', '王小明', 'zh_cn'],
  ])('%s certificate matches its reference image', async (script, recipientName, lang) => {
    // Act
    const pdf = await renderer.render(sampleContent({ recipientName, lang }));
    const { png } = await rasterisePdf(pdf, 40);

    // Assert
    const path = join(import.meta.dirname, 'reference', `${script}.png`);
    if (process.env.UPDATE_REFERENCE === '1' || !existsSync(path)) {
      if (process.env.CI === 'true') {
        throw new Error(`missing reference image ${path}`);
      }
      await writeFile(path, PNG.sync.write(png));
    }
    const reference = PNG.sync.read(await readFile(path));
    expect([png.width, png.height]).toEqual([reference.width, reference.height]);
    expect(differingPixelShare(png, reference)).toBeLessThanOrEqual(0.005);
  });
});
