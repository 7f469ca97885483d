/**
 * The jobs dashboard in real headless Chromium against a real local run: `manireports-cloud run` on the demo Moodle
 * (a child process, as `npm start` runs it), then the local server's routes over the state it left on disk. The
 * jobs on disk are first checked against the hand-computed expectations, read independently of the dashboard; the
 * browser steps then check that the page shows exactly those jobs and counts, drills down, and refuses an expired
 * link.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoRecipientLedger } from '#adapters/dynamodb/dynamo-recipient-ledger.js';
import { makeDynamoScheduleRunStateStore } from '#adapters/dynamodb/dynamo-schedule-run-state-store.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { openMoodleBridge } from '#adapters/moodle/open-moodle-bridge.js';
import { statePathsFor } from '#cli/local-run/local-run-paths.js';
import { LOCAL_TABLES, startLocalStack } from '#cli/local-run/start-local-stack.js';
import { makeLocalRoutes } from '#cli/serve/local-routes.js';
import { makeDashboardData } from '#use-cases/read-dashboard.js';
import { runCli } from '../cli/run-cli.js';
import { AT, EXPECTED_JOBS, jobIdOf } from '../local-run/demo-run-expectations.js';
import { jobsOnDisk } from '../local-run/local-run-files.js';
import { describeDashboardInBrowser } from './dashboard-browser-suite.js';
import { startRouteServer } from './route-server.js';

const SECRET = 'local-run-dashboard-secret-0123456789abcdef';
let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'dashboard-local-run-'));
  const run = await runCli(['run', '--at', AT, '--out', outDir]);
  if (run.code !== 0) throw new Error(`the local run failed:\n${run.err.join('\n')}`);
}, 300_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('[pglite] the local run the dashboard is shown', () => {
  it('left the hand-computed jobs on disk', async () => {
    // Act: read through a fresh dynalite on the run's LevelDB, not through the dashboard's code.
    const jobs = await jobsOnDisk(statePathsFor(outDir, undefined, 'mdl_').dynamoDir, LOCAL_TABLES.jobs);

    // Assert
    expect([...jobs.keys()].sort()).toEqual(EXPECTED_JOBS.map((job) => jobIdOf(job.scheduleId, job.runSlot)).sort());
    for (const expected of EXPECTED_JOBS) {
      expect(jobs.get(jobIdOf(expected.scheduleId, expected.runSlot))).toMatchObject({
        status: expected.status,
        counts: { total: expected.total, sent: expected.sent, certificates: expected.certificates },
      });
    }
  });
});

describeDashboardInBrowser('[pglite] dashboard in headless Chromium over the local run', async () => {
  const paths = statePathsFor(outDir, undefined, 'mdl_');
  const stack = await startLocalStack({ dynamoDir: paths.dynamoDir, visibilityTimeoutSeconds: 30, maxReceiveCount: 5 });
  const bridge = await openMoodleBridge(paths.demoMoodleDir ?? '', { prefix: 'mdl_' });
  const clock = () => Math.floor(Date.now() / 1000);
  const context = {
    stack,
    secrets: [SECRET],
    moodle: { url: paths.demoMoodleDir ?? '', prefix: 'mdl_' },
    env: {},
    clock,
  };
  const server = await startRouteServer(makeHttpRouter(makeLocalRoutes(context, bridge)));
  const client = stack.clients.dynamo;
  const data = makeDashboardData({
    jobs: makeDynamoJobStore({ client, tableName: stack.tables.jobs }),
    ledger: makeDynamoRecipientLedger({ client, tableName: stack.tables.recipients, retentionSeconds: 86_400 }),
    runState: makeDynamoScheduleRunStateStore({ client, tableName: stack.tables.scheduleRuns }),
    bridge,
    settings: { serverTimeZone: 'UTC' },
    clock,
  });
  return {
    baseUrl: server.baseUrl,
    secret: SECRET,
    data,
    async close() {
      await server.close();
      await bridge.close();
      await stack.stop();
    },
  };
});
