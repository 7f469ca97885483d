/**
 * `npm start` end to end: the real handlers in their sandboxes, on local AWS servers and the demo Moodle, at a moment
 * when every kind of demo schedule is due. Nothing is mocked. Expected numbers are worked out by hand below from
 * docs/demo-moodle.md and test/bridge/demo-expectations.ts; ~45 s in all (372 certificates, 186 emails, two runs).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TABLES } from '#cli/local-run/start-local-stack.js';
import { EXPECTED_AUDIENCES } from '../bridge/demo-expectations.js';
import { type CliResult, runCli } from '../cli/run-cli.js';
import {
  AT,
  CERTIFICATES_STORED,
  EMAILS_SENT,
  EXPECTED_JOBS,
  jobIdOf,
  MON_0600,
  MON_0800,
} from './demo-run-expectations.js';
import {
  filesUnder,
  jobsOnDisk,
  mailsAccepted,
  type RunSummaryJson,
  readSummary,
  runDirsIn,
  userIdsOf,
} from './local-run-files.js';

describe(`the local run on the demo Moodle at ${AT}`, () => {
  let outDir: string;
  let first: CliResult;
  let firstRunDir: string;
  let summary: RunSummaryJson;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'local-run-'));
    first = await runCli(['run', '--at', AT, '--out', outDir]);
    [firstRunDir = ''] = await runDirsIn(outDir);
    summary = await readSummary(firstRunDir);
  }, 240_000);

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('claims one job per due schedule and ends each in its hand-computed state', () => {
    // Assert
    expect(first.code, first.err.join('\n')).toBe(0);
    expect(summary.finished).toBe(true);
    const byId = new Map(summary.jobs.map((job) => [job.jobId, job]));
    expect([...byId.keys()].sort()).toEqual(EXPECTED_JOBS.map((job) => jobIdOf(job.scheduleId, job.runSlot)).sort());
    for (const expected of EXPECTED_JOBS) {
      const job = byId.get(jobIdOf(expected.scheduleId, expected.runSlot));
      expect(job, `schedule ${expected.scheduleId}`).toMatchObject({
        route: expected.route,
        routeReason: expected.routeReason,
        status: expected.status,
        counts: {
          total: expected.total,
          sent: expected.sent,
          failed: 0,
          skipped: 0,
          unconfirmed: 0,
          certificates: expected.certificates,
        },
      });
    }
    const outcomes = Object.fromEntries(summary.schedules.map((s) => [s.scheduleId, s.outcome]));
    expect(outcomes).toEqual({
      1: 'delegated_local',
      2: 'fanned_out',
      3: 'not_due',
      4: 'delegated_local',
      5: 'fanned_out',
      6: 'fanned_out',
      7: 'delegated_local',
      8: 'fanned_out',
      10: 'invalid',
    });
    expect(summary.deadLetters).toEqual({ email: 0, certificate: 0 });
  });

  it('writes one .eml per email sent and one .pdf per certificate stored, each to its recipient', async () => {
    // Act
    const emails = await filesUnder(firstRunDir, '.eml');
    const certificates = await filesUnder(firstRunDir, '.pdf');

    // Assert
    expect(emails).toHaveLength(EMAILS_SENT);
    expect(certificates).toHaveLength(CERTIFICATES_STORED);
    expect(summary.outputs).toMatchObject({
      emails: EMAILS_SENT,
      certificates: CERTIFICATES_STORED,
      unmatchedEmails: 0,
    });
    const folder = (scheduleId: number, slot: number) => summary.outputs.folders[jobIdOf(scheduleId, slot)] ?? '?';
    const inFolder = (paths: string[], prefix: string) => paths.filter((path) => path.startsWith(`${prefix}/`));
    expect(folder(5, MON_0600)).toBe('schedule-5-onboarding-weekly-welcome-2026-01-19T06-00Z');
    expect(userIdsOf(inFolder(emails, folder(2, MON_0800)))).toEqual(EXPECTED_AUDIENCES[2]?.eligible);
    expect(userIdsOf(inFolder(emails, folder(5, MON_0600)))).toEqual(EXPECTED_AUDIENCES[5]?.eligible);
    expect(userIdsOf(inFolder(certificates, folder(5, MON_0600)))).toEqual(EXPECTED_AUDIENCES[5]?.eligible);
    expect(userIdsOf(inFolder(certificates, folder(6, MON_0600)))).toEqual(EXPECTED_AUDIENCES[6]?.eligible);
    expect(await mailsAccepted(outDir)).toHaveLength(EMAILS_SENT);
  });

  it('shows progress on stderr and a summary per job on stdout', () => {
    // Assert
    expect(first.err).toContain(
      `certificates ${CERTIFICATES_STORED}/${CERTIFICATES_STORED} · emails ${EMAILS_SENT}/${EMAILS_SENT}`,
    );
    const text = first.out.join('\n');
    expect(text).toContain('Local run at 2026-01-19T08:30:00+00:00 (Europe/London)');
    expect(text).toMatch(
      /#5 Onboarding weekly welcome +cloud \(auto_at_or_above_threshold\) +completed +180 +180 +0 +0 +0 +180/,
    );
    expect(text).toMatch(/#1 Workplace Safety daily reminder +local \(auto_below_threshold\) +delegated_local +8 +0/);
    expect(text).toContain(
      `${EMAILS_SENT} email(s) saved as .eml and ${CERTIFICATES_STORED} certificate(s) as .pdf under ${firstRunDir}/`,
    );
    expect(text).toContain('Not due: #3 (next 2026-02-01T07:30:00+00:00).');
  });

  it('sends nothing on a second run at the same moment, and leaves the first run and the jobs as they were', async () => {
    // Arrange
    const dynamoDir = join(outDir, 'state', 'demo', 'dynamodb');
    const jobsBefore = await jobsOnDisk(dynamoDir, LOCAL_TABLES.jobs);

    // Act
    const second = await runCli(['run', '--at', AT, '--out', outDir]);

    // Assert
    expect(second.code, second.err.join('\n')).toBe(0);
    const runDirs = await runDirsIn(outDir);
    expect(runDirs).toHaveLength(2);
    const secondSummary = await readSummary(runDirs[1] ?? '');
    expect(secondSummary.jobs).toEqual([]);
    expect(secondSummary.jobsInState).toBe(EXPECTED_JOBS.length);
    expect(secondSummary.outputs).toMatchObject({ emails: 0, certificates: 0, unmatchedEmails: 0 });
    expect(second.out.join('\n')).toContain('Nothing was due: no run was claimed and nothing was sent.');
    expect(await mailsAccepted(outDir)).toHaveLength(EMAILS_SENT);
    expect(await jobsOnDisk(dynamoDir, LOCAL_TABLES.jobs)).toEqual(jobsBefore);
    expect(await filesUnder(runDirs[0] ?? '', '.eml')).toHaveLength(EMAILS_SENT);
    expect(await filesUnder(runDirs[0] ?? '', '.pdf')).toHaveLength(CERTIFICATES_STORED);
  }, 120_000);
});
