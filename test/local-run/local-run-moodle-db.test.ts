/**
 * `run --moodle-db URL`: the planner opens the database at the URL from its own sandbox, as the deployed function
 * would. One run per database of MANIREPORTS_TEST_DBS (a PGlite directory for `pglite`), each with the demo loaded,
 * at a moment when only small schedules are due: #2 emails its 6 eligible learners, #1 and #7 stay with Moodle,
 * #8 reaches nobody (hand-worked like local-run.test.ts, from docs/demo-moodle.md).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoMoodleInto } from '#adapters/moodle-demo/load-demo-moodle.js';
import { EXPECTED_AUDIENCES } from '../bridge/demo-expectations.js';
import { type CliResult, runCli, utc } from '../cli/run-cli.js';
import { DUMMY_PASSWORD, testTargets, useTestDatabase } from '../support/test-databases.js';
import { filesUnder, readSummary, runDirsIn, userIdsOf } from './local-run-files.js';

const AT = '2026-01-12T08:30:00Z';
const SLOT = utc(2026, 1, 12, 8);

/** The run at AT did what the demo's small schedules call for, and wrote only its own files. */
async function expectSmallRun(result: CliResult, outDir: string) {
  expect(result.code, result.err.join('\n')).toBe(0);
  const [runDir = ''] = await runDirsIn(outDir);
  const summary = await readSummary(runDir);
  const jobs = Object.fromEntries(
    summary.jobs.map((job) => [job.scheduleId, [job.status, job.counts.total, job.counts.sent]]),
  );
  expect(jobs).toEqual({
    1: ['delegated_local', 8, 0],
    2: ['completed', 6, 6],
    7: ['delegated_local', 1, 0],
    8: ['completed', 0, 0],
  });
  expect(summary.jobs.every((job) => job.runSlot === SLOT)).toBe(true);
  expect(userIdsOf(await filesUnder(runDir, '.eml'))).toEqual(EXPECTED_AUDIENCES[2]?.eligible);
  expect(await filesUnder(runDir, '.pdf')).toEqual([]);
  expect([...result.out, ...result.err].join('\n')).not.toContain(DUMMY_PASSWORD);
  expect(await runDirsIn(outDir)).toHaveLength(1);
}

let outRoot: string;
beforeAll(async () => {
  outRoot = await mkdtemp(join(tmpdir(), 'local-run-db-'));
});
afterAll(async () => {
  await rm(outRoot, { recursive: true, force: true });
});

for (const target of testTargets()) {
  describe(`the local run on a ${target} Moodle database given by --moodle-db`, () => {
    const database = target === 'pglite' ? undefined : useTestDatabase(target);

    it('plans from that database and sends its due runs', async () => {
      // Arrange
      const outDir = join(outRoot, target);
      let url = database?.().url;
      if (url === undefined) {
        await mkdir(outDir, { recursive: true });
        url = `pglite://${join(outDir, 'moodle')}`;
        await loadDemoMoodleInto(url);
      }

      // Act
      const result = await runCli(['run', '--moodle-db', url, '--at', AT, '--out', outDir]);

      // Assert
      await expectSmallRun(result, outDir);
    }, 120_000);
  });
}
