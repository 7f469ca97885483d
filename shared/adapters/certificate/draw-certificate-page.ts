/**
 * The certificate's page: a landscape A4 with a double border, the wording centred down the middle and a footer
 * with the issuing site and verification code on the left and the QR code on the right.
 */
import { type Color, PageSizes, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import type { CertificateFonts } from './certificate-fonts.js';
import { drawQrCode, QR_QUIET_ZONE_MODULES } from './draw-qr-code.js';
import {
  type FitBounds,
  type FittedBlock,
  type FittedLine,
  findFittingSize,
  fitTextToLines,
  fitTextToWidth,
  normalizeText,
  type TextMeasure,
} from './fit-text.js';

/** Every string printed, already localised. */
export interface CertificatePageText {
  title: string;
  certifies: string;
  recipientName: string;
  completed: string;
  courseName: string;
  dateLine: string;
  siteName: string;
  codeLabel: string;
  verificationCode: string;
  verificationUrl: string;
}

const [A4_SHORT, A4_LONG] = PageSizes.A4;
const PAGE_WIDTH = A4_LONG;
const PAGE_HEIGHT = A4_SHORT;
const MARGIN = 80;

/** The page's geometry, exported so tests can hold the drawing to it. */
export const CERTIFICATE_LAYOUT = {
  pageWidth: PAGE_WIDTH,
  pageHeight: PAGE_HEIGHT,
  /** Nothing is printed closer than this to the left or right edge. */
  margin: MARGIN,
  /** The width every centred line must fit in. */
  printableWidth: PAGE_WIDTH - 2 * MARGIN,
  /** The recipient's name on one line: large when it fits, down to a size that still reads as the headline. */
  name: { maxWidth: PAGE_WIDTH - 2 * MARGIN, maxSize: 40, minSize: 24 } satisfies FitBounds,
  /** A name too long for one line at `name.minSize` goes on two. */
  longName: { maxWidth: PAGE_WIDTH - 2 * MARGIN, maxSize: 26, minSize: 12, maxLines: 2 },
  course: { maxWidth: PAGE_WIDTH - 2 * MARGIN - 40, maxSize: 24, minSize: 12, maxLines: 2 },
  qrSize: 92,
} as const;

const NAVY = rgb(0.1, 0.19, 0.34);
const GOLD = rgb(0.72, 0.58, 0.3);
const INK = rgb(0.16, 0.16, 0.18);
const MUTED = rgb(0.42, 0.42, 0.45);

/** Baselines (and rules) from the bottom of the page, in points; the date follows the course's last line. */
const ROW = {
  title: 474,
  titleRule: 456,
  certifies: 414,
  name: 356,
  nameRule: 340,
  completed: 306,
  course: 266,
  siteRule: 134,
  site: 116,
  codeLabel: 88,
  code: 70,
  /** The QR symbol's bottom edge; its URL goes beneath the quiet zone. */
  qrBottom: 68,
} as const;

/** Draws the whole certificate on `page` with `text`. */
export function drawCertificatePage(page: PDFPage, fonts: CertificateFonts, text: CertificatePageText): void {
  const { printableWidth } = CERTIFICATE_LAYOUT;
  const centre = PAGE_WIDTH / 2;
  drawBorder(page);

  const title = fitTextToWidth(text.title, fonts.display, { maxWidth: printableWidth, maxSize: 32, minSize: 16 });
  drawCentred(page, title, fonts.display, ROW.title, NAVY);
  drawRule(page, centre - 60, 120, ROW.titleRule, 1.2);

  const phrase = { maxWidth: printableWidth, maxSize: 15, minSize: 9 };
  drawCentred(page, fitTextToWidth(text.certifies, fonts.phrase, phrase), fonts.phrase, ROW.certifies, MUTED);

  const name = fitRecipientName(text.recipientName, fonts.display);
  const nameLineHeight = name.size * 1.15;
  let nameWidth = 0;
  name.lines.forEach((line, index) => {
    const fitted = measureLine(line, name.size, fonts.display);
    nameWidth = Math.max(nameWidth, fitted.width);
    drawCentred(page, fitted, fonts.display, ROW.name + ((name.lines.length - 1) / 2 - index) * nameLineHeight, INK);
  });
  // Below the descenders of a second line, if there is one.
  const nameRuleY = Math.min(
    ROW.nameRule,
    ROW.name - ((name.lines.length - 1) / 2) * nameLineHeight - 0.3 * name.size - 2,
  );
  const ruleWidth = Math.min(printableWidth, Math.max(nameWidth + 48, 320));
  drawRule(page, centre - ruleWidth / 2, ruleWidth, nameRuleY, 0.6);

  drawCentred(page, fitTextToWidth(text.completed, fonts.phrase, phrase), fonts.phrase, ROW.completed, MUTED);

  const course = fitTextToLines(text.courseName, fonts.display, CERTIFICATE_LAYOUT.course);
  const lineHeight = course.size * 1.25;
  course.lines.forEach((line, index) => {
    drawCentred(
      page,
      measureLine(line, course.size, fonts.display),
      fonts.display,
      ROW.course - index * lineHeight,
      NAVY,
    );
  });

  const date = fitTextToWidth(text.dateLine, fonts.body, { maxWidth: printableWidth, maxSize: 12, minSize: 8 });
  drawCentred(page, date, fonts.body, ROW.course - course.lines.length * lineHeight - 18, INK);

  drawFooter(page, fonts, text);
}

/** A navy frame with a fine gold one inside it. */
function drawBorder(page: PDFPage): void {
  const frame = (inset: number, borderWidth: number, borderColor: Color) =>
    page.drawRectangle({
      x: inset,
      y: inset,
      width: PAGE_WIDTH - 2 * inset,
      height: PAGE_HEIGHT - 2 * inset,
      borderColor,
      borderWidth,
    });
  frame(20, 3, NAVY);
  frame(29, 0.8, GOLD);
}

/** Issuing site over a rule, verification code beneath, QR code with its URL on the right. */
function drawFooter(page: PDFPage, fonts: CertificateFonts, text: CertificatePageText): void {
  const { qrSize } = CERTIFICATE_LAYOUT;
  const qrRight = PAGE_WIDTH - MARGIN;
  const qr = drawQrCode(page, text.verificationUrl, { x: qrRight - qrSize, y: ROW.qrBottom, size: qrSize, color: INK });
  const quietZone = QR_QUIET_ZONE_MODULES * qr.moduleSize;

  // The left column stops short of the QR code's quiet zone.
  const columnWidth = qrRight - qrSize - quietZone - MARGIN - 24;
  const site = fitTextToWidth(text.siteName, fonts.display, { maxWidth: columnWidth, maxSize: 16, minSize: 9 });
  drawRule(page, MARGIN, Math.max(site.width, 200), ROW.siteRule, 0.6);
  drawAt(page, site, fonts.display, MARGIN, ROW.site, NAVY);

  const label = fitTextToWidth(text.codeLabel, fonts.body, { maxWidth: columnWidth, maxSize: 8, minSize: 6 });
  drawAt(page, label, fonts.body, MARGIN, ROW.codeLabel, MUTED);
  const code = fitTextToWidth(text.verificationCode, fonts.body, { maxWidth: columnWidth, maxSize: 12, minSize: 8 });
  drawAt(page, code, fonts.body, MARGIN, ROW.code, INK);

  // Right-aligned with the symbol, under its quiet zone; the QR code still carries the URL if this line is cut.
  const url = fitTextToWidth(text.verificationUrl, fonts.body, {
    maxWidth: PAGE_WIDTH / 2 - MARGIN,
    maxSize: 6.5,
    minSize: 5,
  });
  drawAt(page, url, fonts.body, qrRight - url.width, ROW.qrBottom - quietZone - url.size, MUTED);
}

function drawRule(page: PDFPage, x: number, width: number, y: number, thickness: number): void {
  page.drawLine({ start: { x, y }, end: { x: x + width, y }, thickness, color: GOLD });
}

/**
 * The recipient's name as drawn: one line at the largest size from 40 pt down to 24 pt that fits the printable
 * width; else two balanced lines from 26 pt down; else two lines at 12 pt with the rest cut off.
 */
export function fitRecipientName(name: string, font: TextMeasure): FittedBlock {
  const text = normalizeText(name);
  const size = findFittingSize(text, font, CERTIFICATE_LAYOUT.name);
  return size === undefined ? fitTextToLines(text, font, CERTIFICATE_LAYOUT.longName) : { lines: [text], size };
}

function measureLine(text: string, size: number, font: TextMeasure): FittedLine {
  return { text, size, width: font.widthOfTextAtSize(text, size) };
}

function drawCentred(page: PDFPage, line: FittedLine, font: PDFFont, y: number, color: Color): void {
  drawAt(page, line, font, (PAGE_WIDTH - line.width) / 2, y, color);
}

function drawAt(page: PDFPage, line: FittedLine, font: PDFFont, x: number, y: number, color: Color): void {
  page.drawText(line.text, { x, y, size: line.size, font, color });
}
