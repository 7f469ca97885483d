/**
 * HarfBuzz (the `harfbuzzjs` WASM build) as the renderer uses it: one font object per parsed font, and shaping of
 * one directional run of a text with the rest of the text as context (so Arabic joins across a font change).
 * The WASM module is loaded on the first font, not at import, so importing the renderer stays cheap.
 */
type HarfBuzzModule = typeof import('harfbuzzjs');

let module: Promise<HarfBuzzModule> | undefined;

function harfBuzz(): Promise<HarfBuzzModule> {
  module ??= import('harfbuzzjs');
  return module;
}

/** One glyph as shaped, in font units. */
export interface ShapedGlyph {
  glyph: number;
  /** UTF-16 index into the shaped text of the first character of this glyph's cluster. */
  cluster: number;
  advance: number;
  dx: number;
  dy: number;
}

export interface HarfBuzzFont {
  /**
   * Shapes `text[start, end)` in visual order (right to left when `rtl`), in `language`, with the script guessed
   * from the text.
   */
  shape(text: string, start: number, end: number, rtl: boolean, language: string): ShapedGlyph[];
}

/** Wraps a font's sfnt bytes for shaping (loads the WASM module on first use). */
export async function loadHarfBuzzFont(bytes: Uint8Array): Promise<HarfBuzzFont> {
  const hb = await harfBuzz();
  const font = new hb.Font(new hb.Face(new hb.Blob(bytes)));
  const buffer = new hb.Buffer();
  return {
    shape(text, start, end, rtl, language) {
      buffer.clearContents();
      buffer.addText(text, start, end - start);
      buffer.setDirection(rtl ? hb.Direction.RTL : hb.Direction.LTR);
      buffer.setLanguage(language);
      buffer.guessSegmentProperties();
      hb.shape(font, buffer);
      // Two plain reads: getGlyphInfosAndPositions defines four hidden properties per glyph, which costs more
      // than the shaping.
      const infos = buffer.getGlyphInfos();
      const positions = buffer.getGlyphPositions();
      return infos.map((info, index) => {
        const position = positions[index];
        return {
          glyph: info.codepoint,
          cluster: info.cluster,
          advance: position?.xAdvance ?? 0,
          dx: position?.xOffset ?? 0,
          dy: position?.yOffset ?? 0,
        };
      });
    },
  };
}
