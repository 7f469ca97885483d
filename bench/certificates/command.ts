/**
 * `npm run -s bench -- certificates [--json] [--inputs FILE] [--count N]`: our production renderer in one process
 * on one core; with --json the last line is the contract's object
 * `{"count", "median_ms", "p95_ms", "cold_ms", "median_bytes", "by_script": {"<script>": {"median_ms", "median_bytes"}}}`.
 *
 * `npm run -s bench -- certificates-vs-tcpdf [--json] [--inputs FILE] [--count N]`: the same, then TCPDF
 * (bench/tcpdf/certificate.php) on the same inputs in the same run, and the ratios (ours ÷ TCPDF). Needs Debian's
 * php8.2-cli, php-tcpdf and fonts-freefont-ttf; never part of `npm test`.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchInputError, DEFAULT_INPUTS_FILE, loadBenchInputs } from './inputs.js';
import { runOursPinned, runTcpdfPinned } from './run-pinned.js';
import type { CertificateBenchJson } from './summarize.js';

export const CERTIFICATE_BENCH_USAGE = `usage: npm run -s bench -- certificates [--json] [--inputs FILE] [--count N]
       npm run -s bench -- certificates-vs-tcpdf [--json] [--inputs FILE] [--count N]
  --inputs FILE  JSON array of { "recipientName", "courseName", "lang" } (optional: siteName, timeZone, issuedAt,
                 script), rendered in order and cycled; default bench/certificates/default-inputs.json
  --count N      renders measured after the first (cold) one, a whole number from 1 to 100000; default 100
  --json         print the result as one JSON object on the last line`;

/** A command line the benchmark cannot run: printed with the usage, exit code 2. */
export class BenchUsageError extends Error {}

interface BenchOptions {
  json: boolean;
  inputsFile: string;
  count: number;
}

export async function parseCertificateBenchArgs(args: string[]): Promise<BenchOptions> {
  let values: { json?: boolean; inputs?: string; count?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, inputs: { type: 'string' }, count: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const count = values.count === undefined ? 100 : Number(values.count);
  if (!/^\d+$/.test(values.count ?? '100') || !Number.isSafeInteger(count) || count < 1 || count > 100_000) {
    throw new BenchUsageError(`--count: must be a whole number from 1 to 100000 (got ${JSON.stringify(values.count)})`);
  }
  const inputsFile = values.inputs === undefined ? DEFAULT_INPUTS_FILE : resolve(values.inputs);
  try {
    await loadBenchInputs(inputsFile); // Checked here, so a bad file fails before any process starts.
  } catch (error) {
    if (error instanceof BenchInputError) throw new BenchUsageError(error.message);
    throw error;
  }
  return { json: values.json === true, inputsFile, count };
}

export async function runCertificateBench(args: string[]): Promise<void> {
  const options = await parseCertificateBenchArgs(args);
  const ours = await runOursPinned(options.inputsFile, options.count);
  if (options.json) console.log(JSON.stringify(ours));
  else console.log(formatTable([['ours (pdf-lib renderer)', ours]]));
}

export async function runCertificateVsTcpdf(args: string[]): Promise<void> {
  const options = await parseCertificateBenchArgs(args);
  process.stderr.write('ours…\n');
  const ours = await runOursPinned(options.inputsFile, options.count);
  process.stderr.write('TCPDF…\n');
  const tcpdf = await runTcpdfPinned(options.inputsFile, options.count);
  const ratio = {
    median_ms: round(ours.median_ms / tcpdf.median_ms),
    p95_ms: round(ours.p95_ms / tcpdf.p95_ms),
    cold_ms: round(ours.cold_ms / tcpdf.cold_ms),
    median_bytes: round(ours.median_bytes / tcpdf.median_bytes),
  };
  if (options.json) console.log(JSON.stringify({ ours, tcpdf, ratio }));
  else {
    console.log(
      formatTable([
        ['ours', ours],
        ['TCPDF (opcache on)', tcpdf],
      ]),
    );
    console.log(
      `\nours ÷ TCPDF: median ${ratio.median_ms}×, p95 ${ratio.p95_ms}×, cold ${ratio.cold_ms}×, bytes ${ratio.median_bytes}×`,
    );
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** A Markdown table: one row per script, a column pair (ms, KB) per run. */
function formatTable(runs: [string, CertificateBenchJson][]): string {
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const head = `| | ${runs.map(([name]) => `${name} ms | ${name} KB`).join(' | ')} |`;
  const rule = `|---|${runs.map(() => '---:|---:').join('|')}|`;
  const total = (label: string, pick: (run: CertificateBenchJson) => string) =>
    `| ${label} | ${runs.map(([, run]) => pick(run)).join(' | ')} |`;
  const scripts = [...new Set(runs.flatMap(([, run]) => Object.keys(run.by_script)))];
  return [
    head,
    rule,
    total('**median**', (run) => `${run.median_ms} | ${kb(run.median_bytes)}`),
    total('p95', (run) => `${run.p95_ms} | `),
    total('cold (import + first render)', (run) => `${run.cold_ms} | `),
    ...scripts.map((script) =>
      total(script, (run) => {
        const own = run.by_script[script];
        return own ? `${own.median_ms} | ${kb(own.median_bytes)}` : '— | —';
      }),
    ),
  ].join('\n');
}
