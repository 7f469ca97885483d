import { Temporal } from 'temporal-polyfill';

/** ISO-8601 with the zone's offset at that instant, e.g. `2026-03-29T08:00:00+01:00`. */
export function formatInstant(epochSeconds: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(epochSeconds * 1000)
    .toZonedDateTimeISO(timeZone)
    .toString({ timeZoneName: 'never', smallestUnit: 'second' });
}
