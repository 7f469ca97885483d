/**
 * `run`: the whole pipeline on this machine — the planner and both workers, on local AWS servers, against the demo
 * Moodle or a real one — then a summary per job and the emails and certificates as files. With `--serve` it then
 * keeps serving the HTTP surface (webhook, verification, …) on the same local servers until Ctrl-C: `npm start`.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_TABLE_PREFIX } from '#adapters/moodle/open-moodle-bridge.js';
import type { CliIo } from '../cli-io.js';
import { DEFAULT_SERVE_PORT } from '../local-run/function-environment.js';
import { LocalRunError } from '../local-run/local-run-error.js';
import type { LocalRunResult } from '../local-run/run-local-pipeline.js';
import { MOODLE_FLAGS } from '../open-moodle.js';
import { parseFlags, parseWholeNumber } from '../parse-flags.js';
import { parseTime } from '../parse-time.js';
import { sessionWebhookSecrets } from '../serve/session-secret.js';
import { UsageError } from '../usage-error.js';

const FLAGS = {
  ...MOODLE_FLAGS,
  out: { type: 'string' },
  at: { type: 'string' },
  serve: { type: 'boolean' },
  port: { type: 'string' },
} as const;

/** Git-ignored (`.local/`), so runs never end up in a commit. */
export const DEFAULT_OUT_DIR = '.local/run';

export async function runRun(args: string[], io: CliIo): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  const at = flags.at === undefined ? io.now() : parseTime(flags.at, '--at');
  const outDir = resolve(flags.out ?? DEFAULT_OUT_DIR);
  const moodleDbUrl = flags['moodle-db'] || undefined;
  const prefix = flags.prefix || DEFAULT_TABLE_PREFIX;
  if (flags.port !== undefined && !flags.serve) throw new UsageError('--port needs --serve');
  const port = flags.port === undefined ? DEFAULT_SERVE_PORT : parseWholeNumber(flags.port, '--port', 0, 65_535);
  // Settled before the run, so a bad secret fails at once rather than after minutes of work.
  const secrets = flags.serve ? await sessionWebhookSecrets(io) : undefined;
  if (moodleDbUrl === undefined) io.err('No --moodle-db given: running on the embedded demo Moodle database.');

  // Loaded here, not at the top: the local servers and the AWS SDK are heavy, and the other commands need neither.
  const { runLocalPipeline } = await import('../local-run/run-local-pipeline.js');
  const { serveHttp } = await import('../serve/serve-http.js');
  const started = Date.now();
  const result = await runLocalPipeline({
    moodleDbUrl,
    prefix,
    outDir,
    at,
    env: io.env,
    progress: io.err,
    async afterRun(result, { stack, moodleUrl }) {
      await reportRun(result, io, started);
      if (secrets === undefined) return;
      const context = { stack, secrets, moodle: { url: moodleUrl, prefix }, env: io.env, clock: io.now };
      await serveHttp(context, { port, io });
    },
  });
  if (!result.finished) throw new LocalRunError('the workers did not finish within the time limit');
}

/** Writes summary.json and prints the summary per job. */
async function reportRun(result: LocalRunResult, io: CliIo, startedMs: number): Promise<void> {
  const { renderRunSummary } = await import('../local-run/render-run-summary.js');
  const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
  await writeFile(join(result.runDir, 'summary.json'), `${JSON.stringify({ ...result, seconds }, null, 2)}\n`);
  for (const line of renderRunSummary(result, process.cwd())) io.out(line);
  io.out(`Done in ${seconds} s.`);
}
