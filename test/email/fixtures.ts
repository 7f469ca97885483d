/** Bytes that stand in for a certificate PDF: a PDF header, then every byte value, so any re-encoding would show. */
export function samplePdfBytes(): Uint8Array {
  const header = new TextEncoder().encode('%PDF-1.7\n');
  const body = Uint8Array.from({ length: 256 }, (_, i) => i);
  const trailer = new TextEncoder().encode('\n%%EOF\n');
  const bytes = new Uint8Array(header.length + body.length + trailer.length);
  bytes.set(header, 0);
  bytes.set(body, header.length);
  bytes.set(trailer, header.length + body.length);
  return bytes;
}

export const FRENCH_SUBJECT = 'Rappel : « Sécurité »';
export const CYRILLIC_SUBJECT = 'Напоминание: курс «Безопасность»';
