/**
 * A schedule as the status API and the dashboard list it: how Moodle configured it, when it runs next, and the
 * last job the cloud made for it.
 */
import type { JobStatus } from './cloud-job.js';
import type { ActionType, CloudPreference, Frequency } from './schedule.js';

export interface ScheduleOverview {
  id: number;
  name: string;
  actionType: ActionType;
  cloudPreference: CloudPreference;
  frequency: Frequency;
  /** Days between runs of a `custom` schedule; null for the others. */
  intervalDays: number | null;
  enabled: boolean;
  /** The next run slot, ISO-8601 UTC, as the planner computes it; null when the schedule does not run. */
  nextRun: string | null;
  /** The last job the planner made for this schedule, if any (and still in the jobs table). */
  lastJob: { id: string; status: JobStatus } | null;
}
