/**
 * Bundles renderer-entry.ts with esbuild the way the certificate Lambda is built (one minified ESM file, `module`
 * before `main`, harfbuzz.wasm beside it when the renderer uses HarfBuzz), so cold_ms times loading what a Lambda
 * loads rather than tsx compiling TypeScript. The bundle goes under .local/bench, inside the project, so its
 * `createRequire` still finds the font packages in node_modules, as the renderer does without a font directory.
 */
import { access, copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./renderer-entry.ts', import.meta.url));
const OUT_DIR = resolve('.local/bench/renderer-bundle');
const HARFBUZZ_WASM = resolve('node_modules/harfbuzzjs/dist/harfbuzz.wasm');

/** Returns the bundle's file URL, for `import()`. */
export async function bundleRenderer(): Promise<string> {
  await mkdir(OUT_DIR, { recursive: true });
  const outfile = join(OUT_DIR, 'renderer.mjs');
  await build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  const hasHarfbuzz = await access(HARFBUZZ_WASM).then(
    () => true,
    () => false,
  );
  if (hasHarfbuzz) await copyFile(HARFBUZZ_WASM, join(OUT_DIR, 'harfbuzz.wasm'));
  return pathToFileURL(outfile).href;
}
