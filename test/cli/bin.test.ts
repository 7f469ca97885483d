import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';

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

  it("started on the machine's older Node, runs itself again on the project's Node 22", async () => {
    // Arrange: /usr/bin/node is this machine's Node 20, which has no node:sqlite (skipped where it is 22+).
    const systemNode = '/usr/bin/node';
    const version = await run(systemNode, ['--version']).then(
      ({ stdout }) => stdout,
      () => 'none',
    );
    if (!/^v(1\d|20|21)\./.test(version)) return;
    const out = await mkdtemp(join(tmpdir(), 'bin-node20-'));

    // Act: `serve` starts the local servers, whose SQS server loads node:sqlite; SIGTERM to the started process.
    const child = spawn(systemNode, [BIN, 'serve', '--port', '0', '--out', out], {
      env: { ...process.env, MANIREPORTS_WEBHOOK_SECRET: 'a-webhook-secret-of-at-least-32-characters' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await vi.waitFor(() => expect(output).toMatch(/http:\/\/127\.0\.0\.1:\d+/), { timeout: 150_000, interval: 200 });
    child.kill('SIGTERM');

    // Assert: it served (no "No such built-in module: node:sqlite") and stopped cleanly when told to.
    expect(await exited).toBe(0);
    expect(output).not.toContain('No such built-in module');
    await rm(out, { recursive: true, force: true });
  }, 180_000);
});
