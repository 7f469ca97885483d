/**
 * A cloud job as Moodle and its admins see it (status API, callbacks, dashboard): ids, route, status, counters and
 * ISO-8601 times, without the planner's fan-out bookkeeping (cursor, lease).
 */
import type { CloudJob, JobCounts, JobStatus } from './cloud-job.js';
import type { RouteReason } from './route.js';
import type { ActionType } from './schedule.js';

export interface JobView {
  id: string;
  scheduleId: number;
  /** The run slot this job runs, ISO-8601 UTC. */
  runSlot: string;
  actionType: ActionType;
  route: 'cloud' | 'local';
  routeReason: RouteReason;
  routeExplanation: string;
  status: JobStatus;
  counts: JobCounts;
  createdAt: string;
  startedAt?: string;
  completedAt?: string;
  lastError?: string;
}

export function toJobView(job: CloudJob): JobView {
  return {
    id: job.jobId,
    scheduleId: job.scheduleId,
    runSlot: isoFromEpochSeconds(job.runSlot),
    actionType: job.actionType,
    route: job.route,
    routeReason: job.routeReason,
    routeExplanation: job.routeExplanation,
    status: job.status,
    counts: { ...job.counts },
    createdAt: isoFromEpochSeconds(job.createdAt),
    ...(job.startedAt === undefined ? {} : { startedAt: isoFromEpochSeconds(job.startedAt) }),
    ...(job.completedAt === undefined ? {} : { completedAt: isoFromEpochSeconds(job.completedAt) }),
    ...(job.lastError === undefined ? {} : { lastError: job.lastError }),
  };
}

/** `2026-03-02T09:00:00Z` from epoch seconds (whole seconds, no milliseconds). */
export function isoFromEpochSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
