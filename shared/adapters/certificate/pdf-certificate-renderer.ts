/**
 * The certificate renderer: one landscape A4 PDF per recipient, built with pdf-lib.
 */

import { PDFDocument } from 'pdf-lib';
import {
  type CertificateContent,
  type CertificateRenderer,
  checkCertificateContent,
  FALLBACK_LOCALE,
  formatIssueDate,
  resolveLocale,
} from '#domain/certificate.js';
import {
  type CertificateFonts,
  canRenderText,
  embedCertificateFonts,
  loadCertificateFontFiles,
} from './certificate-fonts.js';
import { hasCertificateLabels, pickCertificateLabels } from './certificate-labels.js';
import { CERTIFICATE_LAYOUT, type CertificatePageText, drawCertificatePage } from './draw-certificate-page.js';
import { normalizeText } from './fit-text.js';

/** What the PDF's document information names as its producer. */
export const CERTIFICATE_PRODUCER = 'manireports-cloud';

/** Options of {@link makePdfCertificateRenderer}. */
export interface PdfCertificateRendererOptions {
  /**
   * The folder holding the DejaVu TrueType files (see `CERTIFICATE_FACES`).
   * @default the `ttf` folder of the `dejavu-fonts-ttf` package in `node_modules`
   */
  fontDirectory?: string;
}

/**
 * A {@link CertificateRenderer} that draws with pdf-lib and embeds DejaVu subsets. The same content always gives
 * the same bytes, so a retried job writes an identical object.
 */
export function makePdfCertificateRenderer(options: PdfCertificateRendererOptions = {}): CertificateRenderer {
  return {
    async render(content) {
      checkCertificateContent(content);
      const files = await loadCertificateFontFiles(options.fontDirectory);
      // No automatic metadata: pdf-lib would stamp the current time and itself as producer.
      const doc = await PDFDocument.create({ updateMetadata: false });
      const locale = resolveLocale(content.lang);
      const draft = pageText(content, locale);
      const fonts = await embedCertificateFonts(doc, files, Object.values(draft).join('\n'));
      const text = withRenderableDate(draft, content, fonts);

      const page = doc.addPage([CERTIFICATE_LAYOUT.pageWidth, CERTIFICATE_LAYOUT.pageHeight]);
      drawCertificatePage(page, fonts, text);
      setMetadata(doc, text, content, locale);
      return doc.save();
    },
  };
}

function pageText(content: CertificateContent, locale: string): CertificatePageText {
  const labels = pickCertificateLabels(locale);
  return {
    title: labels.title,
    certifies: labels.certifies,
    recipientName: normalizeText(content.recipientName),
    completed: labels.completed,
    courseName: normalizeText(content.courseName),
    dateLine: dateLine(content, locale),
    siteName: normalizeText(content.siteName),
    codeLabel: labels.verificationCode,
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

/**
 * The page text with an English date when the body font lacks glyphs for the localised one (a Chinese or Thai
 * month name would print as empty boxes). Names in such scripts are printed as they are: see the module notes.
 */
function withRenderableDate(
  text: CertificatePageText,
  content: CertificateContent,
  fonts: CertificateFonts,
): CertificatePageText {
  if (canRenderText(fonts.body, text.dateLine)) {
    return text;
  }
  return { ...text, dateLine: dateLine(content, FALLBACK_LOCALE) };
}

function setMetadata(doc: PDFDocument, text: CertificatePageText, content: CertificateContent, locale: string): void {
  const issuedAt = new Date(content.issuedAt * 1000);
  doc.setTitle(`${text.title}: ${text.courseName}`);
  doc.setAuthor(text.siteName);
  doc.setSubject(`${text.recipientName} — ${text.courseName}`);
  doc.setKeywords([content.verificationCode]);
  doc.setCreator('ManiReports');
  doc.setProducer(CERTIFICATE_PRODUCER);
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);
  doc.setLanguage(locale);
}
