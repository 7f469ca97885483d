import { Temporal } from 'temporal-polyfill';
import { UsageError } from './usage-error.js';

/**
 * Reads a TIME flag: epoch seconds, or ISO-8601 with an offset or `Z`. A local ISO time (no offset) is read in
 * `localZone` when the command has one, and refused otherwise, because guessing a zone would silently shift it.
 */
export function parseTime(value: string, flag: string, localZone?: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  try {
    return epochSecondsOf(Temporal.Instant.from(value));
  } catch {
    // Not an absolute time; maybe a local one.
  }
  let local: Temporal.PlainDateTime;
  try {
    local = Temporal.PlainDateTime.from(value);
  } catch {
    throw new UsageError(`${flag}: "${value}" is not a time; use ISO-8601 (2026-03-29T08:00:00Z) or epoch seconds`);
  }
  if (localZone === undefined) {
    throw new UsageError(`${flag}: "${value}" has no UTC offset; add Z or an offset such as +01:00`);
  }
  return epochSecondsOf(local.toZonedDateTime(localZone, { disambiguation: 'compatible' }).toInstant());
}

function epochSecondsOf(instant: Temporal.Instant): number {
  return Math.floor(instant.epochMilliseconds / 1000);
}
