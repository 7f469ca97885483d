/**
 * A QR code drawn as vector shapes, so it stays sharp at any print size and adds a few hundred bytes, not an image.
 */
import type { Color, PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

/** The light margin a reader needs around the symbol, in modules (ISO/IEC 18004 §9.1). */
export const QR_QUIET_ZONE_MODULES = 4;

/** Where and how large to draw the symbol: its bottom-left corner and its side, quiet zone excluded. */
export interface QrPlacement {
  x: number;
  y: number;
  size: number;
  color: Color;
}

/** The symbol drawn: its modules per side and the side of one module in points. */
export interface DrawnQrCode {
  modules: number;
  moduleSize: number;
}

/**
 * Draws `text` as a QR code (error correction level M: about 15 % of the symbol may be smudged or creased).
 * The caller keeps {@link QR_QUIET_ZONE_MODULES} modules around it free of ink.
 */
export function drawQrCode(page: PDFPage, text: string, placement: QrPlacement): DrawnQrCode {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const moduleSize = placement.size / modules.size;
  page.drawSvgPath(qrCodePath(modules), {
    x: placement.x,
    // SVG paths grow downwards from their origin, so the origin is the symbol's top-left corner.
    y: placement.y + placement.size,
    scale: moduleSize,
    color: placement.color,
  });
  return { modules: modules.size, moduleSize };
}

/**
 * The dark modules as one path, in module units: one rectangle per horizontal run of dark modules. A single
 * fill leaves no hairline seams between neighbouring modules, which separate rectangles can show when a viewer
 * anti-aliases each one on its own.
 */
function qrCodePath(modules: { size: number; get(row: number, col: number): number | boolean }): string {
  const parts: string[] = [];
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
      parts.push(`M${start} ${row}h${col - start}v1h${start - col}z`);
    }
  }
  return parts.join('');
}
