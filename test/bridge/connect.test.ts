import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMoodleBridge } from '#adapters/moodle/open-moodle-bridge.js';
import { loadDemoMoodleInto } from '#adapters/moodle-demo/load-demo-moodle.js';
import { MoodleSchemaError, MoodleUnreachableError } from '#domain/moodle-bridge.js';
import {
  DUMMY_PASSWORD,
  type TestDatabase,
  type TestTarget,
  testTargets,
  useTestDatabase,
} from '../support/test-databases.js';

const SECRET = 's3cret-pw';

/** URLs that cannot connect, per target, and the one-line problem each must report. */
function unreachableCases(target: TestTarget, database: TestDatabase, workDir: string): [string, string, string][] {
  const sibling = (name: string) => Object.assign(new URL(database.url ?? 'x://'), { pathname: `/${name}` }).toString();
  switch (target) {
    case 'postgres':
      return [
        [
          'nothing listens on the port',
          `postgres://postgres:${SECRET}@127.0.0.1:1/moodle`,
          'connection refused at 127.0.0.1:1',
        ],
        [
          'unknown host',
          `postgresql://postgres:${SECRET}@nosuchhost.invalid/moodle`,
          'unknown host nosuchhost.invalid',
        ],
        ['no such database', sibling('mr_test_missing'), "database 'mr_test_missing' does not exist at 127.0.0.1:5432"],
      ];
    case 'mariadb':
      return [
        [
          'nothing listens on the port',
          `mysql://root:${SECRET}@127.0.0.1:1/moodle`,
          'connection refused at 127.0.0.1:1',
        ],
        [
          'wrong password',
          `mariadb://root:${SECRET}@127.0.0.1:3306/moodle`,
          "authentication failed for user 'root' at 127.0.0.1:3306",
        ],
        ['no such database', sibling('mr_test_missing'), "database 'mr_test_missing' does not exist at 127.0.0.1:3306"],
      ];
    case 'pglite':
      return [
        ['no database in the directory', join(workDir, 'missing'), `no PGlite database in ${join(workDir, 'missing')}`],
      ];
  }
}

describe.each(testTargets())('[%s] moodle bridge: opening by URL', (target) => {
  const database = useTestDatabase(target);
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'manireports-bridge-'));
  });

  afterAll(async () => {
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  /** The server targets already hold the demo; PGlite gets it on disk once, through the URL loader. */
  let pgliteDemo: Promise<string> | undefined;
  const demoUrl = async (): Promise<string> => {
    const { url } = database();
    if (url !== undefined) return url;
    const dir = join(workDir, 'demo');
    pgliteDemo ??= loadDemoMoodleInto(`pglite://${dir}`).then(() => dir);
    return pgliteDemo;
  };

  it('opens the demo by URL, reads it, and never shows the password', async () => {
    // Arrange
    const url = await demoUrl();

    // Act
    const bridge = await openMoodleBridge(url);
    const site = await bridge.readSite();
    const schedules = await bridge.listEnabledSchedules();
    await bridge.close();

    // Assert
    expect(site.siteName).toBe('ManiReports Demo Academy');
    expect(schedules).toHaveLength(9);
    expect(bridge.description).not.toContain(DUMMY_PASSWORD);
    expect(bridge.description).toMatch(
      target === 'pglite' ? /^pglite:\/\/\// : /^(postgres|mysql):\/\/\w+@127\.0\.0\.1/,
    );
  });

  it('reports a wrong prefix through the URL as a schema error without the password', async () => {
    // Arrange
    const url = await demoUrl();

    // Act
    const opening = openMoodleBridge(url, { prefix: 'nope_' });

    // Assert
    await expect(opening).rejects.toBeInstanceOf(MoodleSchemaError);
    await expect(opening).rejects.toThrow("no Moodle tables found with prefix 'nope_'");
    await expect(opening).rejects.not.toThrow(DUMMY_PASSWORD);
  });

  const caseNames = unreachableCases(target, { url: 'postgres://x@127.0.0.1/x' } as TestDatabase, '/').map(
    ([name]) => name,
  );
  it.each(caseNames)('%s: MoodleUnreachableError with a one-line problem and no password', async (name) => {
    // Arrange
    const [, url, problem] =
      unreachableCases(target, database(), workDir).find(([caseName]) => caseName === name) ?? [];

    // Act
    const error = await openMoodleBridge(url ?? '').then(
      () => expect.fail(`${url} opened`),
      (caught: unknown) => caught,
    );

    // Assert
    expect(error).toBeInstanceOf(MoodleUnreachableError);
    const { message, problem: reported, cause } = error as MoodleUnreachableError;
    expect(reported).toBe(problem);
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(DUMMY_PASSWORD);
    expect(message).not.toContain('\n');
    if (target !== 'pglite') expect(cause).toBeDefined();
  });
});
