/**
 * `serve`: the HTTP surface alone — the Moodle webhook, certificate verification (and the status API and dashboard
 * once they join `EXTRA_ROUTES`) — on a loopback port, over the local AWS servers with the same on-disk state as
 * `run`, so it answers for the jobs and certificates of earlier local runs. Runs until Ctrl-C.
 */
import { resolve } from 'node:path';
import { DEFAULT_TABLE_PREFIX } from '#adapters/moodle/open-moodle-bridge.js';
import { readPlannerSettings } from '#config/planner-settings.js';
import type { CliIo } from '../cli-io.js';
import { DEFAULT_SERVE_PORT } from '../local-run/function-environment.js';
import { MOODLE_FLAGS } from '../open-moodle.js';
import { parseFlags, parseWholeNumber } from '../parse-flags.js';
import { requireWebhookSecrets } from '../serve/session-secret.js';
import { DEFAULT_OUT_DIR } from './run.js';

const FLAGS = { ...MOODLE_FLAGS, port: { type: 'string' }, out: { type: 'string' } } as const;

/** As the local run's (see run-local-pipeline.ts); serve sends nothing, but the queues must exist for the tables. */
const QUEUE_SETTINGS = { visibilityTimeoutSeconds: 30, maxReceiveCount: 5 };

export async function runServe(args: string[], io: CliIo): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  const port = flags.port === undefined ? DEFAULT_SERVE_PORT : parseWholeNumber(flags.port, '--port', 0, 65_535);
  const moodleDbUrl = flags['moodle-db'] || undefined;
  const prefix = flags.prefix || DEFAULT_TABLE_PREFIX;
  const outDir = resolve(flags.out ?? DEFAULT_OUT_DIR);
  // Checked before anything starts: a server that refuses every webhook is no use.
  const secrets = await requireWebhookSecrets(io.env);
  if (moodleDbUrl === undefined) io.err('No --moodle-db given: serving the embedded demo Moodle database.');

  // Loaded here, not at the top: the local servers and the AWS SDK are heavy, and the other commands need neither.
  const { statePathsFor } = await import('../local-run/local-run-paths.js');
  const { lockStateDir } = await import('../local-run/state-lock.js');
  const { prepareMoodle } = await import('../local-run/prepare-moodle.js');
  const { startLocalStack } = await import('../local-run/start-local-stack.js');
  const { serveHttp } = await import('../serve/serve-http.js');

  const paths = statePathsFor(outDir, moodleDbUrl, prefix);
  const unlock = await lockStateDir(paths.stateDir);
  try {
    const moodle = await prepareMoodle(
      { moodleDbUrl, demoMoodleDir: paths.demoMoodleDir, prefix },
      readPlannerSettings(io.env).roleArchetypes,
      io.err,
    );
    io.err(`Starting local AWS (state in ${paths.stateDir})…`);
    // The runs' queues, certificates and mail too, as they were left on disk.
    const stack = await startLocalStack({
      dynamoDir: paths.dynamoDir,
      storageDir: paths.storageDir,
      ...QUEUE_SETTINGS,
    });
    try {
      const context = { stack, secrets, moodle: { url: moodle.url, prefix }, env: io.env, clock: io.now };
      await serveHttp(context, { port, io });
    } finally {
      await stack.stop();
    }
  } finally {
    await unlock();
  }
}
