import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRunError } from '#cli/local-run/local-run-error.js';
import { createRunDir, jobFolderName, statePathsFor } from '#cli/local-run/local-run-paths.js';
import { makeQueueProgress } from '#cli/local-run/queue-progress.js';
import { readRunLimits } from '#cli/local-run/run-limits.js';
import { lockStateDir } from '#cli/local-run/state-lock.js';
import { makeRecipient, makeWorkMessage } from '../sqs/work-message-fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-run-parts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const recordWith = (recipients: number): SQSRecord =>
  ({
    body: JSON.stringify(
      makeWorkMessage('job-1', { recipients: Array.from({ length: recipients }, (_, i) => makeRecipient(i + 1)) }),
    ),
  }) as SQSRecord;

describe('the local run’s folders', () => {
  it('names a job’s folder after its schedule and its slot in UTC', () => {
    // Act, Assert
    expect(jobFolderName(5, 'Onboarding weekly welcome', 1_768_802_400)).toBe(
      'schedule-5-onboarding-weekly-welcome-2026-01-19T06-00Z',
    );
    expect(jobFolderName(12, 'Rappel « Sécurité » / Ørsted', 0)).toBe(
      'schedule-12-rappel-securite-rsted-1970-01-01T00-00Z',
    );
    expect(jobFolderName(3, undefined, 0)).toBe('schedule-3-1970-01-01T00-00Z');
  });

  it('gives every run its own folder, even two runs in the same second', async () => {
    // Act
    const first = await createRunDir(dir, Date.UTC(2026, 10, 28, 19, 30, 5, 120));
    const second = await createRunDir(dir, Date.UTC(2026, 10, 28, 19, 30, 5, 870));

    // Assert
    expect(basename(first)).toBe('2026-11-28T19-30-05Z');
    expect(basename(second)).toBe('2026-11-28T19-30-05Z-2');
    expect((await readdir(join(dir, 'runs'))).sort()).toEqual(['2026-11-28T19-30-05Z', '2026-11-28T19-30-05Z-2']);
  });

  it('keeps one state per Moodle database, whatever password its URL carries', () => {
    // Act
    const demo = statePathsFor(dir, undefined, 'mdl_');
    const withPassword = statePathsFor(dir, 'postgres://reader:one@db.example.org/moodle', 'mdl_');
    const otherPassword = statePathsFor(dir, 'postgres://reader:two@db.example.org/moodle', 'mdl_');
    const otherPrefix = statePathsFor(dir, 'postgres://reader:two@db.example.org/moodle', 'm2_');

    // Assert
    expect(demo).toEqual({
      stateDir: join(dir, 'state', 'demo'),
      target: 'demo',
      dynamoDir: join(dir, 'state', 'demo', 'dynamodb'),
      storageDir: join(dir, 'state', 'demo', 'aws'),
      demoMoodleDir: join(dir, 'state', 'demo', 'moodle'),
    });
    expect(basename(withPassword.stateDir)).toMatch(/^moodle-[0-9a-f]{12}$/);
    expect(withPassword).toEqual(otherPassword);
    expect(otherPrefix.stateDir).not.toBe(withPassword.stateDir);
    expect(withPassword.demoMoodleDir).toBeUndefined();
  });
});

describe('the state lock', () => {
  it('lets one run at a time use a state folder, and takes over a lock whose run is gone', async () => {
    // Arrange
    const stateDir = join(dir, 'locked');
    const unlock = await lockStateDir(stateDir);

    // Act
    const second = lockStateDir(stateDir);

    // Assert
    await expect(second).rejects.toThrow(LocalRunError);
    await expect(second).rejects.toThrow(`another local run (pid ${process.pid} since `);
    await expect(second).rejects.toThrow(`) is using ${stateDir}`);
    await unlock();
    // A pid beyond Linux's pid_max stands for a run that died without unlocking.
    await writeFile(join(stateDir, 'run.lock'), '99999999\n');
    const taken = await lockStateDir(stateDir);
    await taken();
  });

  it('takes over a lock whose pid now belongs to another process, and releases only its own lock', async () => {
    // Arrange: a live pid (this process) recorded with a start time it does not have — a dead run's reused pid.
    const stateDir = join(dir, 'reused-pid');
    await lockStateDir(stateDir).then((unlock) => unlock());
    const stale = { pid: process.pid, startedAt: Date.UTC(2001, 0, 1), nonce: 'a-run-that-died' };
    await writeFile(join(stateDir, 'run.lock'), `${JSON.stringify(stale)}\n`);

    // Act
    const unlock = await lockStateDir(stateDir);
    const mine = JSON.parse(await readFile(join(stateDir, 'run.lock'), 'utf8'));
    // Another run took the lock over meanwhile: releasing ours must leave theirs.
    await writeFile(join(stateDir, 'run.lock'), `${JSON.stringify({ ...stale, nonce: 'someone-else' })}\n`);
    await unlock();

    // Assert
    expect(mine).toMatchObject({ pid: process.pid });
    expect(mine.nonce).not.toBe('a-run-that-died');
    expect(mine.startedAt).toBeGreaterThan(Date.UTC(2020, 0, 1));
    expect(JSON.parse(await readFile(join(stateDir, 'run.lock'), 'utf8')).nonce).toBe('someone-else');
  });
});

describe('the local run limits', () => {
  it('take --send-rate and --time-limit first, then the environment, else 50 emails a second and no limit', () => {
    expect(readRunLimits({}, {})).toEqual({ sendRatePerSecond: 50, timeLimitSeconds: 0 });
    const env = { MANIREPORTS_LOCAL_SEND_RATE: '200', MANIREPORTS_LOCAL_TIME_LIMIT: '3600' };
    expect(readRunLimits({}, env)).toEqual({ sendRatePerSecond: 200, timeLimitSeconds: 3600 });
    expect(readRunLimits({ 'send-rate': '5', 'time-limit': '60' }, env)).toEqual({
      sendRatePerSecond: 5,
      timeLimitSeconds: 60,
    });
  });

  it('name the flag or variable whose value is wrong', () => {
    expect(() => readRunLimits({ 'send-rate': '0' }, {})).toThrow('--send-rate: "0" is not a whole number 1 to 1000');
    expect(() => readRunLimits({}, { MANIREPORTS_LOCAL_TIME_LIMIT: 'soon' })).toThrow(
      'MANIREPORTS_LOCAL_TIME_LIMIT: "soon" is not a whole number at least 0',
    );
  });
});

describe('the progress line', () => {
  it('counts recipients of finished messages and prints at most once a second', () => {
    // Arrange
    let now = 0;
    const lines: string[] = [];
    const progress = makeQueueProgress(
      { certificates: 60, emails: 30 },
      (line) => lines.push(line),
      () => now,
    );

    // Act
    progress.finished('certificates', [recordWith(25)]);
    now += 400;
    progress.finished('certificates', [recordWith(25)]);
    now += 700;
    progress.finished('emails', [recordWith(25), { body: 'not json' } as SQSRecord]);
    progress.flush();
    progress.finished('certificates', [recordWith(10)]);
    progress.flush();

    // Assert
    expect(lines).toEqual([
      'certificates 25/60 · emails 0/30',
      'certificates 50/60 · emails 25/30',
      'certificates 60/60 · emails 25/30',
    ]);
    expect(progress.done()).toEqual({ certificates: 60, emails: 25 });
  });

  it('leaves out what the run does not produce, and prints nothing when it produces nothing', () => {
    // Arrange
    const lines: string[] = [];
    const onlyEmails = makeQueueProgress({ certificates: 0, emails: 6 }, (line) => lines.push(line));
    const nothing = makeQueueProgress({ certificates: 0, emails: 0 }, (line) => lines.push(`nothing: ${line}`));

    // Act
    onlyEmails.finished('emails', [recordWith(6)]);
    nothing.flush();

    // Assert
    expect(lines).toEqual(['emails 6/6']);
  });
});
