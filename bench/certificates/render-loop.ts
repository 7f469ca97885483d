/**
 * The measured process of `bench certificates` (started pinned to one core by run-pinned.ts, never imported):
 * `node --import tsx bench/certificates/render-loop.ts --inputs FILE --count N [--bundle URL]`. Prints the
 * contract's JSON object as its last line.
 *
 * cold_ms runs from before the renderer is imported to the end of the first render, in this fresh process (the
 * Node runtime's own start-up is before it, as a Lambda's runtime init is before its handler's imports). With
 * `--bundle` (what `bench certificates` passes) the renderer is the esbuild bundle of renderer-entry.ts, as the
 * Lambda loads it; without, the TypeScript modules through tsx. The first render is not one of the `count` samples; the samples then render the inputs in
 * order from the first, cycling.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadBenchInputs } from './inputs.js';
import { type RenderSample, summarizeRenders } from './summarize.js';

const VERIFY_BASE_URL = 'https://moodle.example.org/local/manireports/verify.php';
/** 2026-12-04T00:00:00Z. */
const FIRST_ISSUE = 1_796_342_400;

const { values } = parseArgs({
  options: { inputs: { type: 'string' }, count: { type: 'string' }, bundle: { type: 'string' } },
  strict: true,
});
const inputs = await loadBenchInputs(values.inputs);
const count = Number(values.count ?? 100);

const started = performance.now();
const domain = (await (values.bundle === undefined
  ? import('./renderer-entry.js')
  : import(values.bundle))) as typeof import('./renderer-entry.js');
const renderer = domain.makePdfCertificateRenderer();

/** The content of render `index`: its input, and a verification code derived from the index (same every run). */
function contentFor(index: number) {
  const input = inputs[index % inputs.length] ?? inputs[0];
  if (input === undefined) throw new Error('no inputs');
  const code = domain.makeVerificationCode(createHash('sha256').update(`bench-${index}`).digest());
  return {
    script: input.script,
    content: {
      recipientName: input.recipientName,
      courseName: input.courseName,
      siteName: input.siteName ?? 'ManiReports Demo Academy',
      issuedAt: input.issuedAt ?? FIRST_ISSUE + (index % inputs.length) * 86_400,
      lang: input.lang,
      timeZone: input.timeZone ?? 'UTC',
      verificationCode: code,
      verificationUrl: domain.buildVerificationUrl(VERIFY_BASE_URL, code),
    },
  };
}

await renderer.render(contentFor(0).content);
const coldMs = performance.now() - started;

const samples: RenderSample[] = [];
for (let index = 0; index < count; index += 1) {
  const { script, content } = contentFor(index);
  const before = performance.now();
  const pdf = await renderer.render(content);
  samples.push({ script, ms: performance.now() - before, bytes: pdf.byteLength });
}
process.stdout.write(`${JSON.stringify(summarizeRenders(samples, coldMs))}\n`);
