/**
 * `npm run bench` without arguments: the planner's fan-out at 1,000, 20,000 and 200,000 recipients (each in its own process, for its
 * own peak memory), the workers' calls per recipient, and certificate rendering. Prints a Markdown report and
 * writes it to .local/bench/report.md; copy the numbers into docs/benchmarks.md with the date and machine.
 * Needs PostgreSQL (MANIREPORTS_BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_INPUTS_FILE } from './certificates/inputs.js';
import { runOursPinned } from './certificates/run-pinned.js';
import { type CallCounts, totalCalls } from './count-calls.js';

const run = promisify(execFile);
const SIZES = [1_000, 20_000, 200_000];
const FANOUT_SCRIPT = fileURLToPath(new URL('./planner-fanout.ts', import.meta.url));

interface FanoutResult {
  learners: number;
  plannerMs: number;
  maxRssMb: number;
  planner: { dynamodb: CallCounts; sqs: CallCounts };
  workers?: { ses: number; dynamodb: number; ms: number };
}

async function benchFanout(learners: number, withWorkers: boolean): Promise<FanoutResult> {
  process.stderr.write(`fan-out of ${learners} recipients…\n`);
  const args = ['--import', 'tsx', FANOUT_SCRIPT, String(learners), ...(withWorkers ? ['--workers'] : [])];
  const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024, timeout: 30 * 60_000 });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as FanoutResult;
}

const perThousand = (calls: number, recipients: number) => ((calls / recipients) * 1000).toFixed(1);

const fanouts: FanoutResult[] = [];
for (const size of SIZES) fanouts.push(await benchFanout(size, size === SIZES[0]));
process.stderr.write('certificates…\n');
const certificates = await runOursPinned(DEFAULT_INPUTS_FILE, 100);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  `Run on ${new Date().toISOString().slice(0, 10)}, ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  '',
  '| recipients | planner wall time | peak RSS | SQS calls / 1,000 | DynamoDB calls / 1,000 (planner) |',
  '|---:|---:|---:|---:|---:|',
  ...fanouts.map(
    (f) =>
      `| ${f.learners.toLocaleString('en')} | ${(f.plannerMs / 1000).toFixed(2)} s | ${f.maxRssMb} MB | ${perThousand(totalCalls(f.planner.sqs), f.learners)} | ${perThousand(totalCalls(f.planner.dynamodb), f.learners)} |`,
  ),
  '',
];
const workers = fanouts[0]?.workers;
if (workers && fanouts[0]) {
  const n = fanouts[0].learners;
  lines.push(
    `Email workers over ${n.toLocaleString('en')} recipients: ${perThousand(workers.ses, n)} SES calls and ${perThousand(workers.dynamodb, n)} DynamoDB calls per 1,000 recipients (${(workers.ms / 1000).toFixed(1)} s against the local servers, one process, no rate limit).`,
    '',
  );
}
lines.push(
  `Certificates (${certificates.count}, one core, names in every script of bench/certificates/default-inputs.json): median ${certificates.median_ms} ms, p95 ${certificates.p95_ms} ms per certificate, first render in a fresh process (import + fonts) ${certificates.cold_ms} ms; median size ${(certificates.median_bytes / 1024).toFixed(1)} KB.`,
);
const report = lines.join('\n');
console.log(report);
await mkdir('.local/bench', { recursive: true });
await writeFile('.local/bench/report.md', `${report}\n`);
