/**
 * The certificate's page: a landscape A4 with a double border, the wording centred down the middle and a footer
 * with the issuing site and verification code on one side and the QR code on the other (site on the left and QR
 * on the right; mirrored for a right-to-left language).
 *
 * It is drawn in two parts: the fixed part (frame, wording, course, site) once per (language, course, site), and
 * the learner's part (name, date, code, QR) on a copy of it for each certificate.
 */
import type { CertificateFace } from './certificate-font-catalog.js';
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
import type { PdfCanvas, Rgb } from './pdf-canvas.js';
import type { BaseDirection, ShapedLine } from './text-layout.js';

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

/** Shapes and measures text in the certificate's language. */
export interface Typesetter {
  /** Whether the page reads right to left (its layout is mirrored). */
  readonly rtl: boolean;
  shape(text: string, face: CertificateFace, base: BaseDirection): ShapedLine;
  /** A measure for fitting, with the direction of `sample` (first strong character) for every piece. */
  measure(face: CertificateFace, base: BaseDirection): TextMeasure;
}

const PAGE_WIDTH = 841.89;
const PAGE_HEIGHT = 595.28;
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

const NAVY: Rgb = [0.1, 0.19, 0.34];
const GOLD: Rgb = [0.72, 0.58, 0.3];
const INK: Rgb = [0.16, 0.16, 0.18];
const MUTED: Rgb = [0.42, 0.42, 0.45];

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

/** What the learner's part needs from the fixed part. */
export interface FixedPart {
  /** Baseline of the date line (below the course's last line). */
  dateY: number;
}

/** The words after the page's direction: labels in the page's language read in its direction. */
function labelDirection(ts: Typesetter): BaseDirection {
  return ts.rtl ? 'rtl' : 'ltr';
}

/** Draws the frame, wording, course and site: everything that is the same for every learner of a course. */
export function drawFixedPart(canvas: PdfCanvas, ts: Typesetter, text: CertificatePageText): FixedPart {
  const { printableWidth } = CERTIFICATE_LAYOUT;
  const centre = PAGE_WIDTH / 2;
  const labels = labelDirection(ts);
  drawBorder(canvas);

  const title = fitTextToWidth(text.title, ts.measure('display', labels), {
    maxWidth: printableWidth,
    maxSize: 32,
    minSize: 16,
  });
  drawCentred(canvas, ts, title, 'display', labels, ROW.title, NAVY);
  canvas.line(centre - 60, ROW.titleRule, centre + 60, ROW.titleRule, 1.2, GOLD);

  const phrase = { maxWidth: printableWidth, maxSize: 15, minSize: 9 };
  const phraseMeasure = ts.measure('phrase', labels);
  drawCentred(
    canvas,
    ts,
    fitTextToWidth(text.certifies, phraseMeasure, phrase),
    'phrase',
    labels,
    ROW.certifies,
    MUTED,
  );
  drawCentred(
    canvas,
    ts,
    fitTextToWidth(text.completed, phraseMeasure, phrase),
    'phrase',
    labels,
    ROW.completed,
    MUTED,
  );

  const courseDirection = directionOf(ts, text.courseName);
  const course = fitTextToLines(text.courseName, ts.measure('display', courseDirection), CERTIFICATE_LAYOUT.course);
  const lineHeight = course.size * 1.25;
  course.lines.forEach((line, index) => {
    const shaped = ts.shape(line, 'display', courseDirection);
    drawShapedCentred(canvas, shaped, course.size, ROW.course - index * lineHeight, NAVY);
  });

  drawSiteColumn(canvas, ts, text);
  return { dateY: ROW.course - course.lines.length * lineHeight - 18 };
}

/** Draws the learner's name, the date, the verification code and the QR code. */
export function drawLearnerPart(canvas: PdfCanvas, ts: Typesetter, text: CertificatePageText, fixed: FixedPart): void {
  const { printableWidth } = CERTIFICATE_LAYOUT;
  const centre = PAGE_WIDTH / 2;

  const nameDirection = directionOf(ts, text.recipientName);
  const name = fitRecipientName(text.recipientName, ts.measure('display', nameDirection));
  const nameLineHeight = name.size * 1.15;
  let nameWidth = 0;
  name.lines.forEach((line, index) => {
    const shaped = ts.shape(line, 'display', nameDirection);
    nameWidth = Math.max(nameWidth, shaped.advanceEm * name.size);
    const y = ROW.name + ((name.lines.length - 1) / 2 - index) * nameLineHeight;
    drawShapedCentred(canvas, shaped, name.size, y, INK);
  });
  // Below the descenders of a second line, if there is one.
  const nameRuleY = Math.min(
    ROW.nameRule,
    ROW.name - ((name.lines.length - 1) / 2) * nameLineHeight - 0.3 * name.size - 2,
  );
  const ruleWidth = Math.min(printableWidth, Math.max(nameWidth + 48, 320));
  canvas.line(centre - ruleWidth / 2, nameRuleY, centre + ruleWidth / 2, nameRuleY, 0.6, GOLD);

  const labels = labelDirection(ts);
  const date = fitTextToWidth(text.dateLine, ts.measure('body', labels), {
    maxWidth: printableWidth,
    maxSize: 12,
    minSize: 8,
  });
  drawCentred(canvas, ts, date, 'body', labels, fixed.dateY, INK);

  const { qrSize } = CERTIFICATE_LAYOUT;
  const qrX = ts.rtl ? MARGIN : PAGE_WIDTH - MARGIN - qrSize;
  const qr = drawQrCode(canvas, text.verificationUrl, { x: qrX, y: ROW.qrBottom, size: qrSize, color: INK });
  const quietZone = QR_QUIET_ZONE_MODULES * qr.moduleSize;

  const code = fitTextToWidth(text.verificationCode, ts.measure('body', 'ltr'), {
    maxWidth: columnWidth(),
    maxSize: 12,
    minSize: 8,
  });
  drawInColumn(canvas, ts, code, 'body', 'ltr', ROW.code, INK);

  // Aligned with the symbol's outer edge, under its quiet zone; the QR code still carries the URL if this is cut.
  const url = fitTextToWidth(text.verificationUrl, ts.measure('body', 'ltr'), {
    maxWidth: PAGE_WIDTH / 2 - MARGIN,
    maxSize: 6.5,
    minSize: 5,
  });
  const urlX = ts.rtl ? MARGIN : PAGE_WIDTH - MARGIN - url.width;
  canvas.text(ts.shape(url.text, 'body', 'ltr'), urlX, ROW.qrBottom - quietZone - url.size, url.size, MUTED);
}

/** The footer column beside the QR code: it stops short of the QR code's quiet zone (4 modules, under 24 pt). */
function columnWidth(): number {
  return PAGE_WIDTH - 2 * MARGIN - CERTIFICATE_LAYOUT.qrSize - 24 - 24;
}

/** Issuing site over a rule, and the verification code's label beneath. */
function drawSiteColumn(canvas: PdfCanvas, ts: Typesetter, text: CertificatePageText): void {
  const siteDirection = directionOf(ts, text.siteName);
  const site = fitTextToWidth(text.siteName, ts.measure('display', siteDirection), {
    maxWidth: columnWidth(),
    maxSize: 16,
    minSize: 9,
  });
  const ruleWidth = Math.max(site.width, 200);
  const ruleX = ts.rtl ? PAGE_WIDTH - MARGIN - ruleWidth : MARGIN;
  canvas.line(ruleX, ROW.siteRule, ruleX + ruleWidth, ROW.siteRule, 0.6, GOLD);
  drawInColumn(canvas, ts, site, 'display', siteDirection, ROW.site, NAVY);

  const labels = labelDirection(ts);
  const label = fitTextToWidth(text.codeLabel, ts.measure('body', labels), {
    maxWidth: columnWidth(),
    maxSize: 8,
    minSize: 6,
  });
  drawInColumn(canvas, ts, label, 'body', labels, ROW.codeLabel, MUTED);
}

/** A line in the footer column: from the left margin, or ending at the right margin on a right-to-left page. */
function drawInColumn(
  canvas: PdfCanvas,
  ts: Typesetter,
  line: FittedLine,
  face: CertificateFace,
  base: BaseDirection,
  y: number,
  color: Rgb,
): void {
  const x = ts.rtl ? PAGE_WIDTH - MARGIN - line.width : MARGIN;
  canvas.text(ts.shape(line.text, face, base), x, y, line.size, color);
}

function drawCentred(
  canvas: PdfCanvas,
  ts: Typesetter,
  line: FittedLine,
  face: CertificateFace,
  base: BaseDirection,
  y: number,
  color: Rgb,
): void {
  drawShapedCentred(canvas, ts.shape(line.text, face, base), line.size, y, color);
}

function drawShapedCentred(canvas: PdfCanvas, line: ShapedLine, size: number, y: number, color: Rgb): void {
  canvas.text(line, (PAGE_WIDTH - line.advanceEm * size) / 2, y, size, color);
}

/** The paragraph direction of a learner-given text (its first strong character), whatever the page's language. */
function directionOf(ts: Typesetter, text: string): BaseDirection {
  return ts.shape(normalizeText(text), 'display', 'auto').rtl ? 'rtl' : 'ltr';
}

/** A navy frame with a fine gold one inside it. */
function drawBorder(canvas: PdfCanvas): void {
  canvas.strokeRect(20, 20, PAGE_WIDTH - 40, PAGE_HEIGHT - 40, 3, NAVY);
  canvas.strokeRect(29, 29, PAGE_WIDTH - 58, PAGE_HEIGHT - 58, 0.8, GOLD);
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
