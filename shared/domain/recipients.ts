/**
 * Who a schedule run reaches, and why everybody else is left out.
 */

/**
 * Why an audience member gets nothing, in the order the bridge tests them: a member is counted under the first
 * reason that applies. `guest` is Moodle's guest account (`mdl_config.siteguest`).
 */
export const EXCLUSION_REASONS = [
  'deleted',
  'guest',
  'suspended',
  'nologin',
  'unconfirmed',
  'invalid_email',
  'emailstop',
  'course_completed',
  'activity_completed',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** What mail and certificates need to know about one eligible recipient. */
export interface Recipient {
  userId: number;
  email: string;
  firstName: string;
  lastName: string;
  /** Moodle language code, e.g. `en`, `fr`. */
  lang: string;
  /** Olson zone name, or `99` for "the site default". */
  timeZone: string;
  /** 1 = HTML mail, 0 = plain text. */
  mailFormat: number;
}

/** A member of the audience that was left out, and the first reason that applies. */
export interface ExcludedUser {
  userId: number;
  reason: ExclusionReason;
}

/** Counts per exclusion reason; every reason is present (0 when none). */
export type ExclusionCounts = Record<ExclusionReason, number>;

export function emptyExclusionCounts(): ExclusionCounts {
  return Object.fromEntries(EXCLUSION_REASONS.map((reason) => [reason, 0])) as ExclusionCounts;
}

/** The eligible count and the exclusion counts of one schedule's audience at one moment. */
export interface AudienceSummary {
  eligible: number;
  excluded: ExclusionCounts;
}
