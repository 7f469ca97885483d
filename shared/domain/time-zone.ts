/**
 * Which time zone a site's schedules run in. Moodle keeps no per-schedule zone, so every schedule of a site
 * shares one, chosen from `mdl_config` the way Moodle itself falls back when `timezone` is `'99'`.
 */
import { Temporal } from 'temporal-polyfill';
import { ValidationError } from './errors.js';
import type { SiteSettings } from './moodle-bridge.js';

/** Moodle's marker for "not set" in both `timezone` ("server default") and `forcetimezone` ("not forced"). */
const MOODLE_UNSET_ZONE = '99';

/**
 * Whether `name` is a time zone the calendar arithmetic can use: an IANA name (any letter case) or a fixed
 * offset such as `+02:00`.
 */
export function isKnownTimeZone(name: string): boolean {
  if (name.trim() === '') {
    return false;
  }
  try {
    // Temporal is the authority: it is what computes the run slots, so "known" means "Temporal accepts it".
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The time zone a site's schedules run in:
 * `forcetimezone` when set and not `'99'`; else `timezone` when set and not `'99'`; else `serverDefault`
 * (the pipeline's own configuration). Only the zone that is chosen is checked: an unused bad value is harmless.
 *
 * Moodle's own fallback for `timezone = 99` goes through the current `$USER`'s zone; the cloud has no `$USER`,
 * so the pipeline's configured default stands in for it.
 *
 * @param site - `mdl_config.timezone` and `mdl_config.forcetimezone` as read.
 * @param serverDefault - the pipeline's default zone, used when the site sets none.
 * @param serverDefaultField - how the caller names `serverDefault` in errors (e.g. its environment variable).
 * @throws ValidationError naming `forcetimezone`, `timezone` or `serverDefaultField` when the chosen zone is unknown.
 */
export function resolveSiteTimeZone(
  site: Pick<SiteSettings, 'timeZone' | 'forceTimeZone'>,
  serverDefault: string,
  serverDefaultField = 'serverTimeZone',
): string {
  if (isSetZone(site.forceTimeZone)) {
    return requireKnownTimeZone('forcetimezone', site.forceTimeZone);
  }
  if (isSetZone(site.timeZone)) {
    return requireKnownTimeZone('timezone', site.timeZone);
  }
  return requireKnownTimeZone(serverDefaultField, serverDefault);
}

function isSetZone(value: string): boolean {
  const trimmed = value.trim();
  return trimmed !== '' && trimmed !== MOODLE_UNSET_ZONE;
}

function requireKnownTimeZone(field: string, value: string): string {
  const name = value.trim();
  if (!isKnownTimeZone(name)) {
    throw new ValidationError(field, value, 'is not a known time zone (expected an IANA name such as Europe/London)');
  }
  return name;
}
