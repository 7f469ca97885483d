/**
 * `run`: the whole pipeline on this machine — the planner and both workers, on local AWS servers, against the demo
 * Moodle or a real one — then a summary per job and the emails and certificates as files. What `npm start` runs.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_TABLE_PREFIX } from '#adapters/moodle/open-moodle-bridge.js';
import type { CliIo } from '../cli-io.js';
import { LocalRunError } from '../local-run/local-run-error.js';
import { MOODLE_FLAGS } from '../open-moodle.js';
import { parseFlags } from '../parse-flags.js';
import { parseTime } from '../parse-time.js';

const FLAGS = { ...MOODLE_FLAGS, out: { type: 'string' }, at: { type: 'string' } } as const;

/** Git-ignored (`.local/`), so runs never end up in a commit. */
export const DEFAULT_OUT_DIR = '.local/run';

export async function runRun(args: string[], io: CliIo): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  const at = flags.at === undefined ? io.now() : parseTime(flags.at, '--at');
  const outDir = resolve(flags.out ?? DEFAULT_OUT_DIR);
  const moodleDbUrl = flags['moodle-db'] || undefined;
  if (moodleDbUrl === undefined) io.err('No --moodle-db given: running on the embedded demo Moodle database.');

  // Loaded here, not at the top: the local servers and the AWS SDK are heavy, and the other commands need neither.
  const { runLocalPipeline } = await import('../local-run/run-local-pipeline.js');
  const { renderRunSummary } = await import('../local-run/render-run-summary.js');
  const started = Date.now();
  const result = await runLocalPipeline({
    moodleDbUrl,
    prefix: flags.prefix || DEFAULT_TABLE_PREFIX,
    outDir,
    at,
    env: io.env,
    progress: io.err,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  await writeFile(join(result.runDir, 'summary.json'), `${JSON.stringify({ ...result, seconds }, null, 2)}\n`);
  for (const line of renderRunSummary(result, process.cwd())) io.out(line);
  io.out(`Done in ${seconds} s.`);
  if (!result.finished) throw new LocalRunError('the workers did not finish within the time limit');
}
