/**
 * A QR code drawn as vector shapes, so it stays sharp at any print size and adds a few hundred bytes, not an image.
 */
// Only the encoder: `qrcode`'s main entry also loads its PNG, SVG and terminal renderers, a fifth of a cold start.
import QRCode from 'qrcode/lib/core/qrcode.js';
import type { PdfCanvas, Rgb } from './pdf-canvas.js';

/** The light margin a reader needs around the symbol, in modules (ISO/IEC 18004 §9.1). */
export const QR_QUIET_ZONE_MODULES = 4;

/** Where and how large to draw the symbol: its bottom-left corner and its side, quiet zone excluded. */
export interface QrPlacement {
  x: number;
  y: number;
  size: number;
  color: Rgb;
}

/** The symbol drawn: its modules per side and the side of one module in points. */
export interface DrawnQrCode {
  modules: number;
  moduleSize: number;
}

/**
 * Draws `text` as a QR code (error correction level M: about 15 % of the symbol may be smudged or creased).
 * The dark modules are one filled path of one rectangle per horizontal run, so no hairline seams show between
 * neighbouring modules. The caller keeps {@link QR_QUIET_ZONE_MODULES} modules around it free of ink.
 */
export function drawQrCode(canvas: PdfCanvas, text: string, placement: QrPlacement): DrawnQrCode {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const moduleSize = placement.size / modules.size;
  const top = placement.y + placement.size;
  const rects: [number, number, number, number][] = [];
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) {
        col++;
      }
      rects.push([
        placement.x + start * moduleSize,
        top - (row + 1) * moduleSize,
        (col - start) * moduleSize,
        moduleSize,
      ]);
    }
  }
  canvas.fillRects(rects, placement.color);
  return { modules: modules.size, moduleSize };
}
