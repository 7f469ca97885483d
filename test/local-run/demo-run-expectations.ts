/**
 * What `npm start` does on the demo Moodle at a moment when every kind of demo schedule is due, worked out by hand
 * from docs/demo-moodle.md and test/bridge/demo-expectations.ts (used by the local-run and dashboard tests).
 */
import { utc } from '../cli/run-cli.js';

/**
 * Monday 2026-01-19 08:30 UTC (Europe/London is on UTC in January). Due, from the demo's anchors:
 * #1 daily 08:00 (slot 19 Jan 08:00; 8 eligible < 50 → local), #2 weekly Mon 08:00 (cloud, 6 emails),
 * #4 every 3 days from 15 Jan 17:00 (slot 18 Jan 17:00; 16 eligible < 50 → local), #5 weekly from 19 Jan 06:00
 * (both: 180 certificates then 180 emails), #6 every 14 days from 19 Jan 06:00 (certificate: 192),
 * #7 weekly Mon 08:00 (forced local, 1), #8 daily 08:00 (cloud, nobody eligible). Not due: #3 (monthly, from
 * 1 Feb). #9 is disabled, #10 invalid.
 */
export const AT = '2026-01-19T08:30:00Z';
export const MON_0800 = utc(2026, 1, 19, 8);
export const MON_0600 = utc(2026, 1, 19, 6);
export const SUN_1700 = utc(2026, 1, 18, 17);

export interface ExpectedJob {
  scheduleId: number;
  runSlot: number;
  route: string;
  routeReason: string;
  status: string;
  total: number;
  sent: number;
  certificates: number;
}
type JobRow = [number, number, string, string, string, number, number, number];
const job = (...[scheduleId, runSlot, route, routeReason, status, total, sent, certificates]: JobRow): ExpectedJob => ({
  scheduleId,
  runSlot,
  route,
  routeReason,
  status,
  total,
  sent,
  certificates,
});

/** Schedule, slot, route and reason, status, total, sent, certificates. */
export const EXPECTED_JOBS: readonly ExpectedJob[] = [
  job(1, MON_0800, 'local', 'auto_below_threshold', 'delegated_local', 8, 0, 0),
  job(2, MON_0800, 'cloud', 'forced_cloud', 'completed', 6, 6, 0),
  job(4, SUN_1700, 'local', 'auto_below_threshold', 'delegated_local', 16, 0, 0),
  job(5, MON_0600, 'cloud', 'auto_at_or_above_threshold', 'completed', 180, 180, 180),
  job(6, MON_0600, 'cloud', 'forced_cloud', 'completed', 192, 192, 192),
  job(7, MON_0800, 'local', 'forced_local', 'delegated_local', 1, 0, 0),
  job(8, MON_0800, 'cloud', 'forced_cloud', 'completed', 0, 0, 0),
];
export const EMAILS_SENT = 6 + 180;
export const CERTIFICATES_STORED = 180 + 192;

export const jobIdOf = (scheduleId: number, runSlot: number) => `schedule-${scheduleId}-slot-${runSlot}`;
