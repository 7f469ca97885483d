/**
 * The `manireports-cloud` command line: picks the command, runs it, and turns errors into exit codes
 * (2: the command line is wrong; 1: the work failed). Commands live in ./commands, one file each.
 */
import { AppError } from '#domain/errors.js';
import { type CliIo, processIo } from './cli-io.js';
import { runLoadDemo } from './commands/load-demo.js';
import { runNextRuns } from './commands/next-runs.js';
import { runPlan } from './commands/plan.js';
import { runRecipients } from './commands/recipients.js';
import { runRedrive } from './commands/redrive.js';
import { runRenderCertificate } from './commands/render-certificate.js';
import { runRun } from './commands/run.js';
import { runServe } from './commands/serve.js';
import { USAGE } from './usage.js';
import { UsageError } from './usage-error.js';

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<void>> = {
  'next-runs': runNextRuns,
  plan: runPlan,
  recipients: runRecipients,
  redrive: runRedrive,
  'load-demo': runLoadDemo,
  run: runRun,
  'render-certificate': runRenderCertificate,
  serve: runServe,
};

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) return failUsage(io, `unknown command "${name}"`);
  try {
    await command(args, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return failUsage(io, error.message);
    if (error instanceof AppError) {
      io.err(`manireports-cloud ${name}: ${error.message}`);
      // A run stopped by Ctrl-C or SIGTERM exits as a shell expects of those signals (130, 143).
      return 'exitCode' in error && typeof error.exitCode === 'number' ? error.exitCode : 1;
    }
    throw error;
  }
}

function failUsage(io: CliIo, message: string): number {
  io.err(`manireports-cloud: ${message}`);
  io.err(USAGE);
  return 2;
}
