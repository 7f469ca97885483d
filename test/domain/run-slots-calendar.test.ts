import { describe, expect, it } from 'vitest';
import { computeSlot, listRunsAfter } from '#domain/run-slots.js';
import type { Recurrence } from '#domain/schedule.js';
import {
  DAILY,
  epochOf,
  everyDays,
  listFromAnchor,
  MONTHLY,
  type SlotRow,
  utcAll,
  utcOf,
  WEEKLY,
} from './slot-times.js';

describe('listRunsAfter at month ends and leap days', () => {
  it.each<SlotRow>([
    [
      'monthly from 31 Jan in a common year',
      MONTHLY,
      'Europe/Berlin',
      [
        '2027-01-31T10:00:00+01:00',
        '2027-02-28T10:00:00+01:00',
        '2027-03-31T10:00:00+02:00',
        '2027-04-30T10:00:00+02:00',
        '2027-05-31T10:00:00+02:00',
      ],
    ],
    [
      'monthly from 31 Jan in leap year 2028',
      MONTHLY,
      'Europe/Berlin',
      [
        '2028-01-31T10:00:00+01:00',
        '2028-02-29T10:00:00+01:00',
        '2028-03-31T10:00:00+02:00',
        '2028-04-30T10:00:00+02:00',
        '2028-05-31T10:00:00+02:00',
      ],
    ],
    [
      'monthly from 30 Jan',
      MONTHLY,
      'Europe/Berlin',
      [
        '2027-01-30T10:00:00+01:00',
        '2027-02-28T10:00:00+01:00',
        '2027-03-30T10:00:00+02:00',
        '2027-04-30T10:00:00+02:00',
        '2027-05-30T10:00:00+02:00',
      ],
    ],
    [
      'monthly from 29 Feb 2028 for a year',
      MONTHLY,
      'Europe/Berlin',
      [
        '2028-02-29T10:00:00+01:00',
        '2028-03-29T10:00:00+02:00',
        '2028-04-29T10:00:00+02:00',
        '2028-05-29T10:00:00+02:00',
        '2028-06-29T10:00:00+02:00',
        '2028-07-29T10:00:00+02:00',
        '2028-08-29T10:00:00+02:00',
        '2028-09-29T10:00:00+02:00',
        '2028-10-29T10:00:00+01:00',
        '2028-11-29T10:00:00+01:00',
        '2028-12-29T10:00:00+01:00',
        '2029-01-29T10:00:00+01:00',
        '2029-02-28T10:00:00+01:00',
      ],
    ],
    [
      'monthly from 31 Jan in Sydney',
      MONTHLY,
      'Australia/Sydney',
      [
        '2026-01-31T09:00:00+11:00',
        '2026-02-28T09:00:00+11:00',
        '2026-03-31T09:00:00+11:00',
        '2026-04-30T09:00:00+10:00',
      ],
    ],
    [
      'daily across 29 Feb 2028',
      DAILY,
      'UTC',
      ['2028-02-28T12:00:00Z', '2028-02-29T12:00:00Z', '2028-03-01T12:00:00Z'],
    ],
    ['daily across the end of Feb 2027', DAILY, 'UTC', ['2027-02-28T12:00:00Z', '2027-03-01T12:00:00Z']],
    [
      'weekly across 29 Feb 2028',
      WEEKLY,
      'UTC',
      ['2028-02-26T12:00:00Z', '2028-03-04T12:00:00Z', '2028-03-11T12:00:00Z'],
    ],
    ['weekly across the end of Feb 2027', WEEKLY, 'UTC', ['2027-02-26T12:00:00Z', '2027-03-05T12:00:00Z']],
    ['weekly from 29 Feb 2028', WEEKLY, 'UTC', ['2028-02-29T12:00:00Z', '2028-03-07T12:00:00Z']],
    ['every day', everyDays(1), 'UTC', ['2026-05-10T06:00:00Z', '2026-05-11T06:00:00Z', '2026-05-12T06:00:00Z']],
    [
      'every 10 days across February',
      everyDays(10),
      'UTC',
      ['2026-02-25T06:00:00Z', '2026-03-07T06:00:00Z', '2026-03-17T06:00:00Z'],
    ],
    [
      'every 365 days lands on 29 Feb, then 28 Feb',
      everyDays(365),
      'UTC',
      ['2027-03-01T09:00:00Z', '2028-02-29T09:00:00Z', '2029-02-28T09:00:00Z'],
    ],
  ])('%s', (_label, recurrence, timeZone, expected) => {
    // Arrange
    const [anchorIso] = expected as [string];

    // Act
    const runs = listFromAnchor(recurrence, anchorIso, expected.length, timeZone);

    // Assert
    expect(runs).toEqual(utcAll(expected));
  });
});

describe('computeSlot', () => {
  it.each<[label: string, recurrence: Recurrence, anchorIso: string, index: number, expected: string]>([
    [
      'slot 0 is the anchor, even an ambiguous second 02:30',
      DAILY,
      '2026-10-25T02:30:00+01:00',
      0,
      '2026-10-25T02:30:00+01:00',
    ],
    [
      'monthly from 29 Feb 2028, 4 years on, is 29 Feb again',
      MONTHLY,
      '2028-02-29T10:00:00+01:00',
      48,
      '2032-02-29T10:00:00+01:00',
    ],
    ['monthly from 29 Feb 2028, 47 months on', MONTHLY, '2028-02-29T10:00:00+01:00', 47, '2032-01-29T10:00:00+01:00'],
    ['monthly from 31 Jan 2027, 13 months on', MONTHLY, '2027-01-31T10:00:00+01:00', 13, '2028-02-29T10:00:00+01:00'],
    ['daily from 2016, slot 3738', DAILY, '2016-01-04T08:00:00+01:00', 3738, '2026-03-30T08:00:00+02:00'],
  ])('%s', (_label, recurrence, anchorIso, index, expected) => {
    // Arrange
    const anchor = epochOf(anchorIso);

    // Act
    const slot = computeSlot(recurrence, anchor, index, 'Europe/Berlin');

    // Assert
    expect(utcOf(slot)).toBe(utcOf(epochOf(expected)));
  });

  it.each([-1, 1.5, Number.NaN])('rejects index %s', (index) => {
    // Arrange
    const anchor = epochOf('2026-01-01T00:00:00Z');

    // Act
    const act = () => computeSlot(DAILY, anchor, index, 'UTC');

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('rejects a custom recurrence of 0 days rather than looping forever', () => {
    // Arrange
    const anchor = epochOf('2026-01-01T00:00:00Z');

    // Act
    const act = () => listRunsAfter(everyDays(0), anchor, anchor + 10, 1, 'UTC');

    // Assert
    expect(act).toThrow(RangeError);
  });
});
