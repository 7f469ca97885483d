/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  /** Writes one line of the command's result. */
  out(line: string): void;
  /** Writes one line of progress or diagnostics (never mixed into `--json` output). */
  err(line: string): void;
  env: Record<string, string | undefined>;
  /** Unix epoch seconds. */
  now(): number;
}

export function processIo(): CliIo {
  // `manireports-cloud recipients | head` closes the pipe early; that is the reader's choice, not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    now: () => Math.floor(Date.now() / 1000),
  };
}
