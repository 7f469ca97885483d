/**
 * Where a run is carried out: in the cloud (SES, Lambda-built certificates) or left to Moodle's own cron.
 */
import { ValidationError } from './errors.js';
import type { CloudPreference } from './schedule.js';

/** `auto` schedules go to the cloud from this many eligible recipients, unless configured otherwise. */
export const DEFAULT_CLOUD_THRESHOLD = 50;

/** Why a route was chosen, for logs and metrics. */
export type RouteReason = 'forced_cloud' | 'forced_local' | 'auto_at_or_above_threshold' | 'auto_below_threshold';

/** Where one run goes, with a machine reason code and a line for a person. */
export interface RouteDecision {
  route: 'cloud' | 'local';
  reason: RouteReason;
  /** One line for a person, e.g. "auto: 73 eligible recipients ≥ threshold 50". */
  explanation: string;
}

/**
 * Routes one run: `cloud` and `local` preferences are obeyed; `auto` goes to the cloud when `eligibleCount`
 * reaches `threshold`, because below it Moodle's own mailer copes and a cloud round trip costs more than it saves.
 *
 * @param threshold - from configuration; checked even when the preference ignores it, so a bad value shows at once.
 * @throws ValidationError on `threshold` when it is not a whole number ≥ 1.
 */
export function decideRoute(preference: CloudPreference, eligibleCount: number, threshold: number): RouteDecision {
  if (!Number.isSafeInteger(threshold) || threshold < 1) {
    throw new ValidationError('threshold', threshold, 'must be a whole number of recipients ≥ 1');
  }
  switch (preference) {
    case 'cloud':
      return { route: 'cloud', reason: 'forced_cloud', explanation: "cloud_preference is 'cloud'" };
    case 'local':
      return { route: 'local', reason: 'forced_local', explanation: "cloud_preference is 'local'" };
    case 'auto': {
      const recipients = `${eligibleCount} eligible ${eligibleCount === 1 ? 'recipient' : 'recipients'}`;
      return eligibleCount >= threshold
        ? {
            route: 'cloud',
            reason: 'auto_at_or_above_threshold',
            explanation: `auto: ${recipients} ≥ threshold ${threshold}`,
          }
        : {
            route: 'local',
            reason: 'auto_below_threshold',
            explanation: `auto: ${recipients} < threshold ${threshold}`,
          };
    }
  }
}
