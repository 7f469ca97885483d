import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/manireports-cloud.js', import.meta.url));

describe('the manireports-cloud executable', () => {
  it('runs as a separate process and prints run times', async () => {
    // Act
    const { stdout } = await run(process.execPath, [
      BIN,
      'next-runs',
      '--frequency',
      'weekly',
      '--anchor',
      '2026-10-18T09:00:00+02:00',
      '--after',
      '2026-10-19T00:00:00Z',
      '--tz',
      'Europe/Berlin',
      '--count',
      '2',
    ]);

    // Assert: Berlin leaves summer time on 25 October 2026.
    expect(stdout).toBe('2026-10-25T09:00:00+01:00\n2026-11-01T09:00:00+01:00\n');
  });

  it('exits with 2 and prints the usage on bad arguments', async () => {
    // Act
    const failure = await run(process.execPath, [BIN, 'next-runs', '--frequency', 'daily']).catch((error) => error);

    // Assert
    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(/^manireports-cloud: --tz is required\nUsage: manireports-cloud/);
  });
});
