import { describe, expect, it } from 'vitest';
import { DAILY, everyDays, listFromAnchor, type SlotRow, utcAll, WEEKLY } from './slot-times.js';

describe('listRunsAfter across DST changes', () => {
  it.each<SlotRow>([
    [
      'Berlin daily 08:00 across spring-forward',
      DAILY,
      'Europe/Berlin',
      [
        '2026-03-27T08:00:00+01:00',
        '2026-03-28T08:00:00+01:00',
        '2026-03-29T08:00:00+02:00',
        '2026-03-30T08:00:00+02:00',
      ],
    ],
    [
      'Berlin daily 08:00 across fall-back',
      DAILY,
      'Europe/Berlin',
      ['2026-10-24T08:00:00+02:00', '2026-10-25T08:00:00+01:00', '2026-10-26T08:00:00+01:00'],
    ],
    [
      'Berlin daily 02:30 into the spring-forward gap',
      DAILY,
      'Europe/Berlin',
      ['2026-03-28T02:30:00+01:00', '2026-03-29T03:30:00+02:00', '2026-03-30T02:30:00+02:00'],
    ],
    [
      'Berlin daily 02:30 on fall-back day takes CEST',
      DAILY,
      'Europe/Berlin',
      ['2026-10-24T02:30:00+02:00', '2026-10-25T02:30:00+02:00', '2026-10-26T02:30:00+01:00'],
    ],
    [
      'Berlin weekly Monday 09:15 across spring-forward',
      WEEKLY,
      'Europe/Berlin',
      ['2026-03-23T09:15:00+01:00', '2026-03-30T09:15:00+02:00', '2026-04-06T09:15:00+02:00'],
    ],
    [
      'Berlin weekly Monday 09:15 across fall-back',
      WEEKLY,
      'Europe/Berlin',
      ['2026-10-19T09:15:00+02:00', '2026-10-26T09:15:00+01:00', '2026-11-02T09:15:00+01:00'],
    ],
    [
      'Berlin weekly Sunday 02:30 returns to 02:30 after the gap',
      WEEKLY,
      'Europe/Berlin',
      ['2026-03-22T02:30:00+01:00', '2026-03-29T03:30:00+02:00', '2026-04-05T02:30:00+02:00'],
    ],
    [
      'Berlin every 10 days across fall-back',
      everyDays(10),
      'Europe/Berlin',
      ['2026-10-20T07:45:00+02:00', '2026-10-30T07:45:00+01:00', '2026-11-09T07:45:00+01:00'],
    ],
    [
      'Berlin daily keeps the anchor seconds',
      DAILY,
      'Europe/Berlin',
      ['2026-03-28T08:00:17+01:00', '2026-03-29T08:00:17+02:00'],
    ],
    [
      'London daily 08:00 across spring-forward',
      DAILY,
      'Europe/London',
      ['2026-03-28T08:00:00+00:00', '2026-03-29T08:00:00+01:00', '2026-03-30T08:00:00+01:00'],
    ],
    [
      'London daily 01:30 into the gap',
      DAILY,
      'Europe/London',
      ['2026-03-28T01:30:00+00:00', '2026-03-29T02:30:00+01:00', '2026-03-30T01:30:00+01:00'],
    ],
    [
      'London daily 01:30 on fall-back day takes BST',
      DAILY,
      'Europe/London',
      ['2026-10-24T01:30:00+01:00', '2026-10-25T01:30:00+01:00', '2026-10-26T01:30:00+00:00'],
    ],
    [
      'Sydney daily 08:00 across the April end of DST',
      DAILY,
      'Australia/Sydney',
      ['2026-04-04T08:00:00+11:00', '2026-04-05T08:00:00+10:00', '2026-04-06T08:00:00+10:00'],
    ],
    [
      'Sydney daily 08:00 across the October start of DST',
      DAILY,
      'Australia/Sydney',
      ['2026-10-03T08:00:00+10:00', '2026-10-04T08:00:00+11:00', '2026-10-05T08:00:00+11:00'],
    ],
    [
      'Sydney daily 02:30 into the October gap',
      DAILY,
      'Australia/Sydney',
      ['2026-10-03T02:30:00+10:00', '2026-10-04T03:30:00+11:00', '2026-10-05T02:30:00+11:00'],
    ],
    [
      'Sydney daily 02:30 on the April overlap takes AEDT',
      DAILY,
      'Australia/Sydney',
      ['2026-04-04T02:30:00+11:00', '2026-04-05T02:30:00+11:00', '2026-04-06T02:30:00+10:00'],
    ],
    [
      'Sydney weekly Sunday 18:00 across April',
      WEEKLY,
      'Australia/Sydney',
      ['2026-03-29T18:00:00+11:00', '2026-04-05T18:00:00+10:00', '2026-04-12T18:00:00+10:00'],
    ],
    [
      'Sydney every 10 days across October',
      everyDays(10),
      'Australia/Sydney',
      ['2026-09-28T06:00:00+10:00', '2026-10-08T06:00:00+11:00', '2026-10-18T06:00:00+11:00'],
    ],
    [
      'Auckland daily 08:00 across the April end of DST',
      DAILY,
      'Pacific/Auckland',
      ['2026-04-04T08:00:00+13:00', '2026-04-05T08:00:00+12:00'],
    ],
    [
      'Auckland daily 08:00 across the September start',
      DAILY,
      'Pacific/Auckland',
      ['2026-09-26T08:00:00+12:00', '2026-09-27T08:00:00+13:00'],
    ],
    [
      'Sao Paulo 2018 midnight gap moves to 01:00',
      DAILY,
      'America/Sao_Paulo',
      ['2018-11-03T00:00:00-03:00', '2018-11-04T01:00:00-02:00', '2018-11-05T00:00:00-02:00'],
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
