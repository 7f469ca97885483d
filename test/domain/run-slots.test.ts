import { describe, expect, it } from 'vitest';
import { computeSlot, listRunsAfter } from '#domain/run-slots.js';
import type { Recurrence } from '#domain/schedule.js';
import { DAILY, epochOf, everyDays, MONTHLY, utcOf } from './slot-times.js';

describe('listRunsAfter bounds', () => {
  const anchor = epochOf('2026-04-01T08:00:00+02:00');

  it.each([
    ['exactly at the anchor starts at slot 1', '2026-04-01T08:00:00+02:00', '2026-04-02T08:00:00+02:00'],
    ['between slots gives the next one', '2026-04-03T12:00:00+02:00', '2026-04-04T08:00:00+02:00'],
    ['exactly on a slot skips it', '2026-04-03T08:00:00+02:00', '2026-04-04T08:00:00+02:00'],
    ['one second before a slot gives it', '2026-04-03T07:59:59+02:00', '2026-04-03T08:00:00+02:00'],
    ['long before the anchor gives the anchor', '2025-01-01T00:00:00+01:00', '2026-04-01T08:00:00+02:00'],
  ])('%s', (_label, afterIso, expected) => {
    // Act
    const runs = listRunsAfter(DAILY, anchor, epochOf(afterIso), 1, 'Europe/Berlin');

    // Assert
    expect(runs.map(utcOf)).toEqual([utcOf(epochOf(expected))]);
  });

  it('returns nothing for a count of 0', () => {
    // Act
    const runs = listRunsAfter(DAILY, anchor, anchor, 0, 'Europe/Berlin');

    // Assert
    expect(runs).toEqual([]);
  });

  it('finds the next runs of a daily schedule anchored in 2016', () => {
    // Arrange
    const oldAnchor = epochOf('2016-01-04T08:00:00+01:00');

    // Act
    const runs = listRunsAfter(DAILY, oldAnchor, epochOf('2026-03-30T12:00:00+02:00'), 2, 'Europe/Berlin');

    // Assert
    expect(runs.map(utcOf)).toEqual(['2026-03-31T06:00:00.000Z', '2026-04-01T06:00:00.000Z']);
  });

  it('finds the next runs of a monthly schedule on the 31st anchored in 2016', () => {
    // Arrange
    const oldAnchor = epochOf('2016-01-31T10:00:00+01:00');

    // Act
    const runs = listRunsAfter(MONTHLY, oldAnchor, epochOf('2026-02-15T00:00:00+01:00'), 2, 'Europe/Berlin');

    // Assert
    expect(runs.map(utcOf)).toEqual([
      utcOf(epochOf('2026-02-28T10:00:00+01:00')),
      utcOf(epochOf('2026-03-31T10:00:00+02:00')),
    ]);
  });

  it.each<[string, Recurrence, string]>([
    ['monthly in Sydney', MONTHLY, 'Australia/Sydney'],
    ['daily in Berlin', DAILY, 'Europe/Berlin'],
    ['every 10 days in Auckland', everyDays(10), 'Pacific/Auckland'],
  ])('agrees with a slot-by-slot walk for %s', (_label, recurrence, timeZone) => {
    // Arrange: the index estimate must land on the same slot as walking from the anchor.
    const anchor = epochOf('2024-01-31T02:30:00Z');
    const walked: number[] = [];
    for (let index = 0; index < 60; index += 1) walked.push(computeSlot(recurrence, anchor, index, timeZone));
    const probes = walked.slice(0, -1).flatMap((slot) => [slot - 1, slot, slot + 1, slot + 40_000]);

    for (const after of probes) {
      // Act
      const [next] = listRunsAfter(recurrence, anchor, after, 1, timeZone);

      // Assert
      expect(next).toBe(walked.find((slot) => slot > after));
    }
  });
});
