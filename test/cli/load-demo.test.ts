import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_ELIGIBLE_COUNTS } from '../bridge/demo-expectations.js';
import { createTestDatabase, type TestDatabase, testTargets } from '../support/test-databases.js';
import { runCli } from './run-cli.js';

const SERVER_TARGETS = testTargets().filter((target) => target !== 'pglite');

describe.each(SERVER_TARGETS)('[%s] manireports-cloud load-demo, then plan --moodle-db', (target) => {
  let database: TestDatabase;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase(target, []); // fresh and empty
    url = database.url ?? '';
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('loads the demo into an empty database and plans it as on the embedded one', async () => {
    // Act
    const loaded = await runCli(['load-demo', '--moodle-db', url]);
    const planned = await runCli(['plan', '--moodle-db', url, '--at', '2026-01-12T08:30:00Z', '--json']);

    // Assert
    expect(loaded.code).toBe(0);
    expect(loaded.out[0]).toMatch(/^Loaded the demo Moodle into .*: \d+ users, 10 schedules\.$/);
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.out.join('\n')) as { schedules: { id: number; eligible?: number }[] };
    const eligible = Object.fromEntries(
      plan.schedules.filter((s) => s.eligible !== undefined).map((s) => [s.id, s.eligible]),
    );
    const { 9: _disabled, 10: _invalid, ...expected } = EXPECTED_ELIGIBLE_COUNTS;
    expect(eligible).toEqual(expected);
  });

  it('refuses to load the demo twice into the same database, naming the problem', async () => {
    // Act
    const again = await runCli(['load-demo', '--moodle-db', url]);

    // Assert
    expect(again.code).toBe(1);
    expect(again.err[0]).toMatch(/^manireports-cloud load-demo: /);
  });
});
