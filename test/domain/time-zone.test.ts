import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.js';
import { isKnownTimeZone, resolveSiteTimeZone } from '#domain/time-zone.js';

describe('isKnownTimeZone', () => {
  it.each([
    ['Europe/Berlin', true],
    ['Australia/Sydney', true],
    ['UTC', true],
    ['europe/london', true],
    ['Mars/Olympus', false],
    ['99', false],
    ['', false],
    ['   ', false],
  ])('%j → %s', (name, known) => {
    // Act
    const result = isKnownTimeZone(name);

    // Assert
    expect(result).toBe(known);
  });
});

describe('resolveSiteTimeZone', () => {
  it.each([
    ['forcetimezone wins over timezone', 'Europe/Berlin', 'Australia/Sydney', 'Europe/Berlin'],
    ['timezone when forcetimezone is 99', '99', 'Australia/Sydney', 'Australia/Sydney'],
    ['timezone when forcetimezone is empty', '', 'Pacific/Auckland', 'Pacific/Auckland'],
    ['the server default when both are 99', '99', '99', 'America/Sao_Paulo'],
    ['the server default when timezone is empty', '99', '', 'America/Sao_Paulo'],
    ['forcetimezone even when the unused timezone is bad', 'Europe/London', 'Not/AZone', 'Europe/London'],
  ])('picks %s', (_label, forceTimeZone, timeZone, expected) => {
    // Act
    const zone = resolveSiteTimeZone({ forceTimeZone, timeZone }, 'America/Sao_Paulo');

    // Assert
    expect(zone).toBe(expected);
  });

  it.each([
    ['forcetimezone', { forceTimeZone: 'Mars/Olympus', timeZone: 'Europe/Berlin' }, 'UTC', 'Mars/Olympus'],
    ['timezone', { forceTimeZone: '99', timeZone: 'Mars/Olympus' }, 'UTC', 'Mars/Olympus'],
    ['MANIREPORTS_SERVER_TIMEZONE', { forceTimeZone: '99', timeZone: '99' }, 'Mars/Olympus', 'Mars/Olympus'],
  ])('names %s when the zone it chose is unknown', (field, site, serverDefault, value) => {
    // Act
    const act = () => resolveSiteTimeZone(site, serverDefault, 'MANIREPORTS_SERVER_TIMEZONE');

    // Assert
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(`${field}: is not a known time zone`);
    expect(act).toThrow(`(got ${JSON.stringify(value)})`);
  });

  it('names the server default serverTimeZone when the caller gives no name', () => {
    // Act
    const act = () => resolveSiteTimeZone({ forceTimeZone: '99', timeZone: '99' }, 'Nowhere/Special');

    // Assert
    expect(act).toThrow(/^serverTimeZone: /);
  });
});
