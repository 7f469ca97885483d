import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'local-run-errors-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('manireports-cloud run, when it cannot', () => {
  it('reports an unreachable Moodle database in one line, without the password, before starting anything', async () => {
    // Act: nothing listens on port 1.
    const result = await runCli([
      'run',
      '--moodle-db',
      'postgres://moodle:hunter2secret@127.0.0.1:1/moodle',
      '--out',
      outDir,
    ]);

    // Assert
    expect(result.code).toBe(1);
    expect(result.err.at(-1)).toMatch(
      /^manireports-cloud run: Moodle database postgres:\/\/moodle@127\.0\.0\.1:1\/moodle: /,
    );
    expect(result.err.join('\n')).not.toContain('hunter2secret');
    expect(await readdir(outDir)).toEqual(['state']); // no run folder: nothing ran
  });

  it('refuses a time without an offset for --at, naming the flag', async () => {
    // Act
    const result = await runCli(['run', '--at', '2026-01-19T08:30', '--out', outDir]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.err[0]).toBe(
      'manireports-cloud: --at: "2026-01-19T08:30" has no UTC offset; add Z or an offset such as +01:00',
    );
  });
});
