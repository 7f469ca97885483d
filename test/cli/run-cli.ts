/** Runs the CLI in-process with captured output, as a shell would see it. */
import type { CliIo } from '#cli/cli-io.js';
import { main } from '#cli/main.js';

export interface CliResult {
  code: number;
  out: string[];
  err: string[];
}

/** 2026-01-12T08:30:00Z: "now" for commands run without --at or --after. */
export const FIXED_NOW = Date.UTC(2026, 0, 12, 8, 30) / 1000;

export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), env, now: () => FIXED_NOW };
  const code = await main(args, io);
  return { code, out, err };
}

/** Epoch seconds of a UTC wall time, computed without the code under test. */
export function utc(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) / 1000;
}
