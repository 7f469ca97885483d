/**
 * The files the certificate worker's bundle must carry, since a bundled Lambda has no `node_modules`: the
 * template's DejaVu faces, every Noto slice of the fallback chain at the two weights used (400 and 700, WOFF),
 * each family's `unicode.json` (which slice covers which characters), and HarfBuzz's WASM module next to the
 * bundle (harfbuzzjs loads it from beside its own module). The fonts go flat into one folder, as the renderer's
 * `fontDirectory` option expects. Read at synth time from the installed packages, so the list follows them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CERTIFICATE_FACES,
  type CertificateFace,
  cjkFamilies,
  FALLBACK_FAMILIES,
  familyRangesFile,
  isUsedSlice,
  sliceFontFile,
  templateFontFile,
} from '#adapters/certificate/certificate-font-catalog.js';
import { type FontFile, flatFontFileName } from '#adapters/certificate/font-files.js';
import type { BundledFile } from './pipeline-function.js';

const WEIGHTS = [400, 700] as const;

/** Every file to copy, `from` relative to the project root, fonts under `fontDirectory` in the bundle. */
export function certificateBundledFiles(projectRoot: string, fontDirectory: string): BundledFile[] {
  const fromPackage = (file: FontFile) => join('node_modules', file.package, file.path);
  const fonts: FontFile[] = (Object.keys(CERTIFICATE_FACES) as CertificateFace[]).map(templateFontFile);
  for (const family of [...FALLBACK_FAMILIES, ...cjkFamilies('en')]) {
    const rangesFile = familyRangesFile(family.family);
    fonts.push(rangesFile);
    const ranges = JSON.parse(readFileSync(join(projectRoot, fromPackage(rangesFile)), 'utf8')) as Record<
      string,
      string
    >;
    for (const key of Object.keys(ranges)
      .filter((slice) => isUsedSlice(family, slice))
      .sort()) {
      fonts.push(...WEIGHTS.map((weight) => sliceFontFile(family.family, key, weight)));
    }
  }
  return [
    { from: 'node_modules/harfbuzzjs/dist/harfbuzz.wasm', to: 'harfbuzz.wasm' },
    ...fonts.map((file) => ({ from: fromPackage(file), to: `${fontDirectory}/${flatFontFileName(file)}` })),
  ];
}
