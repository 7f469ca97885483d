import { describe, expect, it } from 'vitest';
import { runCli, utc } from './run-cli.js';

describe('manireports-cloud next-runs', () => {
  it('prints monthly runs anchored on 31 January without drifting, with London offsets', async () => {
    // Arrange
    const args = ['next-runs', '--frequency', 'monthly', '--anchor', '2026-01-31T08:00', '--tz', 'Europe/London'];

    // Act
    const result = await runCli([...args, '--after', '2026-01-01T00:00:00Z', '--count', '5']);

    // Assert
    expect(result.code).toBe(0);
    expect(result.out).toEqual([
      '2026-01-31T08:00:00+00:00',
      '2026-02-28T08:00:00+00:00',
      '2026-03-31T08:00:00+01:00',
      '2026-04-30T08:00:00+01:00',
      '2026-05-31T08:00:00+01:00',
    ]);
  });

  it('prints an array of { iso, epoch } with --json, after --after given in epoch seconds', async () => {
    // Arrange: Sydney leaves daylight saving on Sunday 5 April 2026 (+11:00 → +10:00).
    const after = String(utc(2026, 4, 3, 0, 0));

    // Act
    const result = await runCli([
      'next-runs',
      '--frequency',
      'daily',
      '--anchor',
      '2026-03-01T07:00:00+11:00',
      '--tz',
      'Australia/Sydney',
      '--after',
      after,
      '--count',
      '3',
      '--json',
    ]);

    // Assert
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out.join('\n'))).toEqual([
      { iso: '2026-04-04T07:00:00+11:00', epoch: utc(2026, 4, 3, 20) },
      { iso: '2026-04-05T07:00:00+10:00', epoch: utc(2026, 4, 4, 21) },
      { iso: '2026-04-06T07:00:00+10:00', epoch: utc(2026, 4, 5, 21) },
    ]);
  });

  it('runs a custom schedule every N days', async () => {
    // Act
    const result = await runCli([
      'next-runs',
      '--frequency',
      'custom',
      '--interval',
      '10',
      '--anchor',
      '2026-01-01T09:00:00Z',
      '--after',
      '2026-01-05T00:00:00Z',
      '--tz',
      'UTC',
      '--count',
      '2',
    ]);

    // Assert
    expect(result.out).toEqual(['2026-01-11T09:00:00+00:00', '2026-01-21T09:00:00+00:00']);
  });

  it.each([
    ['a custom frequency without --interval', ['--frequency', 'custom', '--anchor', '0', '--tz', 'UTC'], '--interval'],
    [
      'an interval over 365 days',
      ['--frequency', 'custom', '--interval', '366', '--anchor', '0', '--tz', 'UTC'],
      '--interval',
    ],
    ['an unknown frequency', ['--frequency', 'hourly', '--anchor', '0', '--tz', 'UTC'], '--frequency'],
    ['an unknown time zone', ['--frequency', 'daily', '--anchor', '0', '--tz', 'Mars/Olympus'], '--tz'],
    ['a missing anchor', ['--frequency', 'daily', '--tz', 'UTC'], '--anchor'],
    ['an anchor that is not a time', ['--frequency', 'daily', '--anchor', 'tomorrow', '--tz', 'UTC'], '--anchor'],
    ['a zero count', ['--frequency', 'daily', '--anchor', '0', '--tz', 'UTC', '--count', '0'], '--count'],
    ['an unknown flag', ['--frequency', 'daily', '--anchor', '0', '--tz', 'UTC', '--every', '2'], '--every'],
  ])('refuses %s with a one-line error naming the flag, the usage, and exit code 2', async (_case, args, flag) => {
    // Act
    const result = await runCli(['next-runs', ...args]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err[0]).toContain(flag);
    expect(result.err[0]).not.toContain('\n');
    expect(result.err[1]).toMatch(/^Usage: manireports-cloud/);
  });

  it('refuses an unknown command with exit code 2', async () => {
    // Act
    const result = await runCli(['send-everything']);

    // Assert
    expect(result.code).toBe(2);
    expect(result.err[0]).toBe('manireports-cloud: unknown command "send-everything"');
  });
});
