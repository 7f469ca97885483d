/**
 * The certificate renderer's cold start: each renderer module is bundled with esbuild as the certificate Lambda
 * is (ESM, minified, `module` before `main`, harfbuzz.wasm beside the bundle), then a fresh Node process imports
 * the bundle and renders one certificate, as a new Lambda does on its first message (the handler's other imports
 * excluded). Fonts are read from `node_modules`, as with `fontDirectory` unset.
 *
 *   npx tsx bench/certificate-cold-start.ts [--runs 5] [--script latin|arabic|chinese] [renderer-module …]
 *
 * Without modules it measures the current renderer. Pass another checkout's
 * `shared/adapters/certificate/pdf-certificate-renderer.ts` to compare before and after in one run. Prints one
 * JSON object: per module the median of `import_ms` (module load) and `first_render_ms`, and their sum `cold_ms`.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const SAMPLES = {
  latin: ['Zoë Ångström-Łukasiewicz', 'en'],
  arabic: ['محمد عبد الله', 'ar'],
  chinese: ['王小明', 'zh_cn'],
} as const;

if (process.env.COLD_START_CHILD !== undefined) {
  const [name, lang] = SAMPLES[(process.env.COLD_START_SCRIPT ?? 'latin') as keyof typeof SAMPLES];
  const started = performance.now();
  const module = (await import(
    process.env.COLD_START_CHILD
  )) as typeof import('#adapters/certificate/pdf-certificate-renderer.js');
  const imported = performance.now();
  const code = '7K3M-9QXH-2B4N-D8RT';
  await module.makePdfCertificateRenderer().render({
    recipientName: name,
    courseName: 'Introduction to Clinical Research Ethics',
    siteName: 'Northfield University Online Learning',
    issuedAt: 1_776_295_800,
    lang,
    timeZone: 'Pacific/Auckland',
    verificationCode: code,
    verificationUrl: `https://learn.northfield.example/local/manireports/verify.php?code=${code}`,
  });
  const rendered = performance.now();
  console.log(JSON.stringify({ import_ms: imported - started, first_render_ms: rendered - imported }));
} else {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { runs: { type: 'string', default: '5' }, script: { type: 'string', default: 'latin' } },
  });
  const modules = positionals.length > 0 ? positionals : ['shared/adapters/certificate/pdf-certificate-renderer.ts'];
  await mkdir('.local', { recursive: true });
  const dir = await mkdtemp(join('.local', 'cold-start-'));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const result: Record<string, { import_ms: number; first_render_ms: number; cold_ms: number }> = {};
  for (const module of modules) {
    const samples: { import_ms: number; first_render_ms: number }[] = [];
    // Inside the project, so the bundle's createRequire finds the font packages in node_modules.
    const outfile = join(dir, `renderer-${modules.indexOf(module)}.mjs`);
    await build({
      entryPoints: [resolve(module)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: true,
      mainFields: ['module', 'main'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'error',
    });
    await copyFile(resolve('node_modules/harfbuzzjs/dist/harfbuzz.wasm'), join(dir, 'harfbuzz.wasm'));
    for (let i = 0; i < Number(values.runs); i++) {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
        env: { ...process.env, COLD_START_CHILD: pathToFileURL(outfile).href, COLD_START_SCRIPT: values.script },
      });
      samples.push(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}'));
    }
    const importMs = median(samples.map((s) => s.import_ms));
    const renderMs = median(samples.map((s) => s.first_render_ms));
    result[module] = {
      import_ms: +importMs.toFixed(1),
      first_render_ms: +renderMs.toFixed(1),
      cold_ms: +median(samples.map((s) => s.import_ms + s.first_render_ms)).toFixed(1),
    };
  }
  await rm(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ script: values.script, runs: Number(values.runs), ...result }));
}
