/**
 * The certificate renderer: one landscape A4 PDF per recipient, with every string shaped by HarfBuzz, ordered by
 * the Unicode bidirectional algorithm and drawn by glyph id from the template's faces or, per character, from
 * the Noto fallback chain. A character no font covers fails the certificate (UnsupportedCharactersError) instead
 * of printing an empty box.
 *
 * Speed: fonts are read, parsed and wrapped for HarfBuzz once per process and only when a character needs them;
 * shaped lines are remembered; the page's fixed part is drawn once per (language, course, site) and each learner's
 * certificate continues from a copy of it; the PDF is written directly with Node's zlib.
 */
import {
  type CertificateContent,
  type CertificateRenderer,
  checkCertificateContent,
  FALLBACK_LOCALE,
  formatIssueDate,
  resolveLocale,
} from '#domain/certificate.js';
import { UnsupportedCharactersError } from '#domain/unsupported-characters-error.js';
import type { CertificateFace } from './certificate-font-catalog.js';
import { hasCertificateLabels, isRightToLeft, pickCertificateLabels } from './certificate-labels.js';
import {
  CERTIFICATE_LAYOUT,
  type CertificatePageText,
  drawFixedPart,
  drawLearnerPart,
  type FixedPart,
  type Typesetter,
} from './draw-certificate-page.js';
import { normalizeText } from './fit-text.js';
import { type FontChain, makeFontChain } from './font-chain.js';
import { type FontFileReader, makeNodeFontFileReader } from './font-files.js';
import { PdfCanvas, type SealedPart } from './pdf-canvas.js';
import { writePdf } from './pdf-writer.js';
import { type LineShaper, makeLineShaper } from './text-layout.js';

/** What the PDF's document information names as its producer. */
export const CERTIFICATE_PRODUCER = 'manireports-cloud';

/** Options of {@link makePdfCertificateRenderer}. */
export interface PdfCertificateRendererOptions {
  /**
   * A flat folder holding every font file (as the certificate Lambda's bundle carries them).
   * @default the font packages in `node_modules`
   */
  fontDirectory?: string;
  /** Reads font files some other way (a runtime without a file system); wins over `fontDirectory`. */
  fontReader?: FontFileReader;
}

/** How many fixed parts (language × course × site) a renderer keeps. */
const FIXED_PARTS_KEPT = 64;

/**
 * A {@link CertificateRenderer} writing PDFs directly. The same content always gives the same bytes (a retried
 * job writes an identical object), whether or not the fixed part was cached and however many renders run at once.
 */
export function makePdfCertificateRenderer(options: PdfCertificateRendererOptions = {}): CertificateRenderer {
  const chain = makeFontChain(options.fontReader ?? makeNodeFontFileReader(options.fontDirectory));
  const shapeLine = makeLineShaper(chain);
  const fixedParts = new Map<string, { sealed: SealedPart; part: FixedPart }>();
  // Start reading the template's faces and HarfBuzz now: a Lambda creates its renderer while it initialises, so
  // this overlaps the rest of its start-up. A failure is not kept; the first render tries again and reports it.
  for (const face of ['display', 'phrase', 'body'] as const) {
    chain.prepare('A', face, FALLBACK_LOCALE, 'preload').catch(() => undefined);
  }

  return {
    async render(content) {
      checkCertificateContent(content);
      const locale = resolveLocale(content.lang);
      const text = await prepareText(chain, content, locale);
      const ts = typesetter(shapeLine, locale);

      const key = JSON.stringify([
        locale,
        text.title,
        text.certifies,
        text.completed,
        text.courseName,
        text.siteName,
        text.codeLabel,
      ]);
      let fixed = fixedParts.get(key);
      if (fixed === undefined) {
        const canvas = PdfCanvas.empty();
        const part = drawFixedPart(canvas, ts, text);
        fixed = { sealed: canvas.seal(), part };
        if (fixedParts.size >= FIXED_PARTS_KEPT) {
          fixedParts.delete(fixedParts.keys().next().value as string);
        }
        fixedParts.set(key, fixed);
      }
      const canvas = PdfCanvas.continuing(fixed.sealed);
      drawLearnerPart(canvas, ts, text, fixed.part);
      const issuedAt = new Date(content.issuedAt * 1000);
      return writePdf(canvas, [CERTIFICATE_LAYOUT.pageWidth, CERTIFICATE_LAYOUT.pageHeight], {
        title: `${text.title}: ${text.courseName}`,
        author: text.siteName,
        subject: `${text.recipientName} — ${text.courseName}`,
        keywords: content.verificationCode,
        creator: 'ManiReports',
        producer: CERTIFICATE_PRODUCER,
        date: issuedAt,
        language: locale,
      });
    },
  };
}

function typesetter(shapeLine: LineShaper, locale: string): Typesetter {
  return {
    rtl: isRightToLeft(locale),
    shape: (text, face, base) => shapeLine(text, face, locale, base),
    measure: (face, base) => ({
      widthOfTextAtSize: (text, size) => shapeLine(text, face, locale, base).advanceEm * size,
    }),
  };
}

/**
 * The page's strings, with every font they need loaded. The learner's data must be printable as given (else
 * UnsupportedCharactersError names the field); the wording falls back to English and the date to an English
 * one where the fonts cannot print the language's own.
 */
async function prepareText(
  chain: FontChain,
  content: CertificateContent,
  locale: string,
): Promise<CertificatePageText> {
  const learner = {
    recipientName: normalizeText(content.recipientName),
    courseName: normalizeText(content.courseName),
    siteName: normalizeText(content.siteName),
  };
  for (const field of ['recipientName', 'courseName', 'siteName'] as const) {
    await chain.prepare(`${learner[field]}…`, 'display', locale, field);
  }
  const printable = async (candidates: Record<CertificateFace, string>[]) => {
    for (const candidate of candidates) {
      try {
        for (const face of Object.keys(candidate) as CertificateFace[]) {
          await chain.prepare(`${candidate[face]}…`, face, locale, face);
        }
        return candidate;
      } catch (error) {
        if (!(error instanceof UnsupportedCharactersError)) {
          throw error;
        }
      }
    }
    throw new Error('no printable wording'); // English always is: DejaVu covers it.
  };
  const own = pickCertificateLabels(locale);
  const english = pickCertificateLabels(FALLBACK_LOCALE);
  const [labels] = await Promise.all([
    printable(
      [own, english].map((words) => ({
        display: words.title,
        phrase: `${words.certifies} ${words.completed}`,
        body: words.verificationCode,
      })),
    ),
  ]);
  const wording = labels.display === own.title ? own : english;
  const date = await printable([
    { display: '', phrase: '', body: dateLine(content, locale) },
    { display: '', phrase: '', body: dateLine(content, FALLBACK_LOCALE) },
  ]);
  await chain.prepare(`${content.verificationCode} ${content.verificationUrl}…`, 'body', locale, 'verificationUrl');
  return {
    title: wording.title,
    certifies: wording.certifies,
    recipientName: learner.recipientName,
    completed: wording.completed,
    courseName: learner.courseName,
    dateLine: date.body,
    siteName: learner.siteName,
    codeLabel: wording.verificationCode,
    verificationCode: content.verificationCode,
    verificationUrl: content.verificationUrl,
  };
}

/**
 * "Issued on 16 April 2026" in a language with wording; the bare date in the recipient's language otherwise,
 * so an Italian reader sees "16 aprile 2026" rather than English words around an Italian date.
 */
function dateLine(content: CertificateContent, locale: string): string {
  const date = formatIssueDate(content.issuedAt, locale, content.timeZone);
  return hasCertificateLabels(locale) ? `${pickCertificateLabels(locale).issuedOn} ${date}` : date;
}
