/**
 * The local run survives being stopped and killed: the real CLI as a child process on the demo Moodle, interrupted
 * with SIGTERM while it plans, SIGINT while it sends emails and SIGKILL while it renders certificates — each kill
 * point chosen by watching its progress lines — then run again until a run ends normally. Across all of them each
 * eligible recipient's mail is accepted by local SES once, the run folders hold each email and certificate once,
 * and every cloud job ends `completed`. Nothing is mocked.
 *
 * Slow by nature (four or more demo runs of 372 certificates and 186 emails): minutes on a loaded machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TABLES } from '#cli/local-run/start-local-stack.js';
import { EXPECTED_AUDIENCES } from '../bridge/demo-expectations.js';
import {
  AT,
  CERTIFICATES_STORED,
  EMAILS_SENT,
  EXPECTED_JOBS,
  jobIdOf,
  MON_0600,
  MON_0800,
} from './demo-run-expectations.js';
import { filesUnder, jobsOnDisk, mailsAccepted, runDirsIn, userIdsOf } from './local-run-files.js';

const BIN = fileURLToPath(new URL('../../bin/manireports-cloud.js', import.meta.url));

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Starts `run` and, once a progress line matches `when`, sends `signal`; resolves when the process has ended.
 * Without `when`, lets the run end by itself.
 */
function runUntil(outDir: string, when?: { line: RegExp; signal: NodeJS.Signals }): Promise<Ended> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'run', '--at', AT, '--out', outDir], {
    env: { ...process.env, MANIREPORTS_LOCAL_SEND_RATE: '20' },
  });
  let out = '';
  let err = '';
  let sent = false;
  child.stdout?.on('data', (chunk) => {
    out += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    err += String(chunk);
    if (when && !sent && err.split('\n').some((line) => when.line.test(line))) {
      sent = true;
      child.kill(when.signal);
    }
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })));
}

/** A progress line with `done` of `kind` strictly between 0 and everything. */
const midway = (kind: 'emails' | 'certificates') => new RegExp(`${kind} ([1-9]\\d*)/(\\d+)`);

describe('a local run that is stopped and killed, then run again until it ends', () => {
  let outDir: string;
  const runs: Ended[] = [];

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'local-run-interrupted-'));
    // SIGTERM while the planner's tick fans out: the tick finishes (its pages are saved), no message is taken.
    runs.push(await runUntil(outDir, { line: /^Planning the due runs/, signal: 'SIGTERM' }));
    // SIGINT while emails go out.
    runs.push(await runUntil(outDir, { line: midway('emails'), signal: 'SIGINT' }));
    // SIGKILL while certificates are made: no summary, no clean-up, claims left behind.
    runs.push(await runUntil(outDir, { line: midway('certificates'), signal: 'SIGKILL' }));
    // Then as a user would: run again until a run ends by itself with exit 0 (or give up after a few).
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const run = await runUntil(outDir);
      runs.push(run);
      if (run.code === 0) break;
    }
  }, 1_800_000);

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('exits 143 on SIGTERM and 130 on SIGINT after a summary saying what is left; SIGKILL just dies', () => {
    const [term, int, kill] = runs;
    expect(term?.code, term?.err).toBe(143);
    expect(term?.err).toContain('SIGTERM: stopping');
    expect(int?.code, int?.err).toBe(130);
    expect(int?.out).toMatch(/The run was stopped with \d+ job\(s\) unfinished/);
    expect(int?.err).toMatch(/stopped by SIGINT: \d+ job\(s\) left with \d+ emails and \d+ certificates to go/);
    expect(kill?.signal).toBe('SIGKILL');
  });

  it('says which interrupted jobs it resumes before planning', () => {
    // Every run after the first found unfinished jobs (the first only fanned out; nothing was sent).
    expect(runs[0]?.err).toContain('Planning the due runs');
    for (const run of runs.slice(1, 4))
      expect(run.err).toMatch(/Resuming \d+ interrupted jobs?: \d+ emails, \d+ certificates left\./);
    expect(runs.at(-1)?.code, runs.at(-1)?.err).toBe(0);
  });

  it('has local SES accept each eligible recipient once across all runs', async () => {
    const accepted = await mailsAccepted(outDir);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(accepted).toHaveLength(EMAILS_SENT);
    const usersOf = (jobId: string) =>
      accepted
        .filter((entry) => entry.startsWith(`${jobId}/`))
        .map((entry) => Number(entry.split('/')[1]))
        .sort((a, b) => a - b);
    expect(usersOf(jobIdOf(2, MON_0800))).toEqual(EXPECTED_AUDIENCES[2]?.eligible);
    expect(usersOf(jobIdOf(5, MON_0600))).toEqual(EXPECTED_AUDIENCES[5]?.eligible);
  });

  it('holds each email and each certificate once in the union of the run folders', async () => {
    const emails: string[] = [];
    const certificates: string[] = [];
    for (const runDir of await runDirsIn(outDir)) {
      emails.push(...(await filesUnder(runDir, '.eml')));
      certificates.push(...(await filesUnder(runDir, '.pdf')));
    }
    expect(emails).toHaveLength(EMAILS_SENT);
    expect(certificates).toHaveLength(CERTIFICATES_STORED);
    const inJob = (paths: string[], scheduleId: number) =>
      paths.filter((path) => path.startsWith(`schedule-${scheduleId}-`));
    expect(userIdsOf(inJob(emails, 2))).toEqual(EXPECTED_AUDIENCES[2]?.eligible);
    expect(userIdsOf(inJob(emails, 5))).toEqual(EXPECTED_AUDIENCES[5]?.eligible);
    expect(userIdsOf(inJob(certificates, 5))).toEqual(EXPECTED_AUDIENCES[5]?.eligible);
    expect(userIdsOf(inJob(certificates, 6))).toEqual(EXPECTED_AUDIENCES[6]?.eligible);
  });

  it('ends every cloud job completed with every recipient sent', async () => {
    const jobs = await jobsOnDisk(join(outDir, 'state', 'demo', 'dynamodb'), LOCAL_TABLES.jobs);
    for (const expected of EXPECTED_JOBS) {
      const job = jobs.get(jobIdOf(expected.scheduleId, expected.runSlot));
      expect(job, `schedule ${expected.scheduleId}`).toMatchObject({
        status: expected.status,
        counts: {
          total: expected.total,
          sent: expected.sent,
          unconfirmed: 0,
          failed: 0,
          certificates: expected.certificates,
        },
      });
    }
  });
});
