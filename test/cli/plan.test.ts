import { describe, expect, it } from 'vitest';
import { EXPECTED_AUDIENCES, EXPECTED_ELIGIBLE_COUNTS } from '../bridge/demo-expectations.js';
import { runCli } from './run-cli.js';

interface PlannedJson {
  id: number;
  status: 'due' | 'not_due' | 'invalid';
  dueSlot: { iso: string } | null;
  skippedSlots: number;
  nextRun: { iso: string };
  route: 'cloud' | 'local';
  routeReason: string;
  eligible: number;
  excluded: Record<string, number>;
  error?: { field: string };
}

/** Demo schedule anchors are in docs/demo-moodle.md; 2026-01-12 08:30 is just after Monday's 08:00 slots. */
const AT = '2026-01-12T08:30:00Z';

describe('manireports-cloud plan on the embedded demo Moodle', () => {
  it('plans every enabled schedule: due or not, next run, route and audience', async () => {
    // Act
    const result = await runCli(['plan', '--at', AT, '--json']);

    // Assert
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.out.join('\n')) as { timeZone: string; schedules: PlannedJson[] };
    expect(plan.timeZone).toBe('Europe/London');
    const byId = new Map(plan.schedules.map((schedule) => [schedule.id, schedule]));
    expect([...byId.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10]); // 9 is disabled
    expect(byId.get(1)).toMatchObject({
      status: 'due',
      dueSlot: { iso: '2026-01-12T08:00:00+00:00' },
      skippedSlots: 0,
      nextRun: { iso: '2026-01-13T08:00:00+00:00' },
      route: 'local',
      routeReason: 'auto_below_threshold',
    });
    expect(byId.get(3)).toMatchObject({ status: 'not_due', nextRun: { iso: '2026-02-01T07:30:00+00:00' } });
    expect(byId.get(4)).toMatchObject({ status: 'not_due', nextRun: { iso: '2026-01-15T17:00:00+00:00' } });
    expect(byId.get(5)).toMatchObject({ route: 'cloud', routeReason: 'auto_at_or_above_threshold' });
    expect(byId.get(2)).toMatchObject({ route: 'cloud', routeReason: 'forced_cloud' });
    expect(byId.get(7)).toMatchObject({ route: 'local', routeReason: 'forced_local' });
    expect(byId.get(10)).toMatchObject({ status: 'invalid', error: { field: 'custom_interval' } });
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8]) {
      expect(byId.get(id)?.eligible, `schedule ${id}`).toBe(EXPECTED_ELIGIBLE_COUNTS[id]);
      const expectedExcluded = Object.entries(EXPECTED_AUDIENCES[id]?.excluded ?? {}).map(([reason, ids]) => [
        reason,
        ids.length,
      ]);
      const excluded = Object.entries(byId.get(id)?.excluded ?? {}).filter(([, count]) => count > 0);
      expect(excluded, `schedule ${id}`).toEqual(expectedExcluded);
    }
  });

  it('collapses missed runs into one and says how many were skipped', async () => {
    // Act: eight days after schedule 1's last run (Sunday 11 January), slots 12…20 January have passed.
    const result = await runCli(['plan', '--at', '2026-01-20T12:00:00Z']);

    // Assert
    expect(result.code).toBe(0);
    const text = result.out.join('\n');
    expect(text).toContain('#1 "Workplace Safety daily reminder" (course 2, daily, action email)');
    expect(text).toContain(
      'DUE: slot 2026-01-20T08:00:00+00:00 (8 missed slots collapsed into this run); next run 2026-01-21T08:00:00+00:00',
    );
    expect(text).toMatch(
      /#10 "Broken custom schedule \(every 0 days\)" INVALID: schedule 10: custom_interval: .*\(got 0\)/,
    );
    expect(result.out.at(-1)).toMatch(/^9 enabled schedules: .*1 invalid\. Nothing was sent\.$/);
  });

  it('lists the recipients of one schedule and the excluded users by reason', async () => {
    // Act
    const result = await runCli(['recipients', '--schedule', '1', '--at', AT, '--json']);

    // Assert
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.out.join('\n')) as { eligible: number[]; excluded: Record<string, number[]> };
    expect(listing.eligible).toEqual(EXPECTED_AUDIENCES[1]?.eligible);
    expect(Object.entries(listing.excluded).filter(([, ids]) => ids.length > 0)).toEqual(
      Object.entries(EXPECTED_AUDIENCES[1]?.excluded ?? {}),
    );
  });

  it('says plainly when a schedule does not exist', async () => {
    // Act
    const result = await runCli(['recipients', '--schedule', '999']);

    // Assert
    expect(result.code).toBe(1);
    expect(result.err.at(-1)).toBe('manireports-cloud recipients: schedule 999 does not exist');
  });

  it('reports an unreachable database in one line, without the password', async () => {
    // Act: nothing listens on port 1.
    const result = await runCli(['plan', '--moodle-db', 'postgres://moodle:hunter2secret@127.0.0.1:1/moodle']);

    // Assert
    expect(result.code).toBe(1);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(
      /^manireports-cloud plan: Moodle database postgres:\/\/moodle@127\.0\.0\.1:1\/moodle: /,
    );
    expect(result.err[0]).not.toContain('hunter2secret');
  });

  it('refuses a time without an offset for --at, naming the flag', async () => {
    // Act
    const result = await runCli(['plan', '--at', '2026-01-12T08:30']);

    // Assert
    expect(result.code).toBe(2);
    expect(result.err[0]).toBe(
      'manireports-cloud: --at: "2026-01-12T08:30" has no UTC offset; add Z or an offset such as +01:00',
    );
  });
});
