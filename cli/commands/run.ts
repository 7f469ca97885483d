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
import { LocalRunError, LocalRunStoppedError } from '../local-run/local-run-error.js';
import { readRunLimits } from '../local-run/run-limits.js';
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
  'send-rate': { type: 'string' },
  'time-limit': { type: 'string' },
  fresh: { type: 'boolean' },
} as const;

/** Exit codes of a run stopped by a signal, as a shell reports a process those signals ended. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

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
  const limits = readRunLimits(flags, io.env);
  // Settled before the run, so a bad secret fails at once rather than after minutes of work.
  const secrets = flags.serve ? await sessionWebhookSecrets(io) : undefined;
  if (moodleDbUrl === undefined) io.err('No --moodle-db given: running on the embedded demo Moodle database.');

  // Loaded here, not at the top: the local servers and the AWS SDK are heavy, and the other commands need neither.
  const { runLocalPipeline } = await import('../local-run/run-local-pipeline.js');
  const { serveHttp } = await import('../serve/serve-http.js');
  const started = Date.now();
  const stopping = stopOnSignals(io);
  let result: LocalRunResult;
  try {
    result = await runLocalPipeline({
      moodleDbUrl,
      prefix,
      outDir,
      at,
      env: io.env,
      progress: io.err,
      ...limits,
      stop: stopping.signal,
      fresh: flags.fresh === true,
      async afterRun(result, { stack, moodleUrl }) {
        await reportRun(result, io, started);
        // Serving answers Ctrl-C itself from here on.
        stopping.release();
        if (secrets === undefined) return;
        const context = { stack, secrets, moodle: { url: moodleUrl, prefix }, env: io.env, clock: io.now };
        await serveHttp(context, { port, io });
      },
    });
  } finally {
    stopping.release();
  }
  if (result.finished) return;
  await reportRun(result, io, started);
  const left = `${result.left.jobs} job(s) left with ${result.left.emailsLeft} emails and ${result.left.certificatesLeft} certificates to go`;
  const stoppedBy = stopping.stoppedBy();
  if (stoppedBy !== undefined) {
    throw new LocalRunStoppedError(
      `stopped by ${stoppedBy}: ${left}; run again to resume`,
      SIGNAL_EXIT_CODES[stoppedBy],
    );
  }
  throw new LocalRunError(
    `the time limit (${limits.timeLimitSeconds} s) stopped the workers: ${left}; run again to resume, or raise` +
      ' --time-limit (0: none)',
  );
}

/**
 * While the run works, SIGINT and SIGTERM abort `signal`: the run takes no new work, lets the recipients in flight
 * settle, saves and reports. A second one ends the process at once (nothing acknowledged is lost: the state is on
 * disk; a recipient caught mid-send is settled by the next run).
 */
function stopOnSignals(io: CliIo) {
  const controller = new AbortController();
  let stoppedBy: StopSignal | undefined;
  const onSignal = (name: StopSignal) => {
    if (stoppedBy !== undefined) process.exit(SIGNAL_EXIT_CODES[name]);
    stoppedBy = name;
    io.err(
      `${name}: stopping — no new work; the recipients in flight finish, then the run saves and reports.` +
        ' Send it again to quit at once.',
    );
    controller.abort(name);
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    stoppedBy: () => stoppedBy,
    release() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/** Writes summary.json and prints the summary per job. */
async function reportRun(result: LocalRunResult, io: CliIo, startedMs: number): Promise<void> {
  const { renderRunSummary } = await import('../local-run/render-run-summary.js');
  const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
  await writeFile(join(result.runDir, 'summary.json'), `${JSON.stringify({ ...result, seconds }, null, 2)}\n`);
  for (const line of renderRunSummary(result, process.cwd())) io.out(line);
  io.out(`Done in ${seconds} s.`);
}
