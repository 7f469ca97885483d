/** Jobs, schedules and failed recipients for the dashboard tests, behind a small in-memory DashboardData. */
import { emptyJobCounts, type JobCounts } from '#domain/cloud-job.js';
import type { DashboardData, RecipientView, ScheduleOverview } from '#domain/dashboard-data.js';
import type { JobView } from '#domain/job-view.js';

export const SECRET = 'current-secret-0123456789abcdef0123456789abcdef';
export const PREVIOUS_SECRET = 'previous-secret-fedcba9876543210fedcba9876543210';
/** 2026-03-02T09:00:00Z. */
export const NOW = 1_772_442_000;

export function jobView(overrides: Partial<Omit<JobView, 'counts'>> & { counts?: Partial<JobCounts> } = {}): JobView {
  const { counts, ...rest } = overrides;
  return {
    id: 'schedule-7-slot-1772438400',
    scheduleId: 7,
    runSlot: '2026-03-02T08:00:00Z',
    actionType: 'email',
    route: 'cloud',
    routeReason: 'auto_at_or_above_threshold',
    routeExplanation: 'auto: 73 eligible recipients ≥ threshold 50',
    status: 'completed_with_failures',
    counts: { ...emptyJobCounts(), total: 73, sent: 70, failed: 3, ...counts },
    createdAt: '2026-03-02T08:00:04Z',
    startedAt: '2026-03-02T08:00:06Z',
    completedAt: '2026-03-02T08:03:10Z',
    ...rest,
  };
}

export function scheduleOverview(overrides: Partial<ScheduleOverview> = {}): ScheduleOverview {
  return {
    id: 7,
    name: 'Weekly safety reminder',
    actionType: 'email',
    cloudPreference: 'auto',
    frequency: 'weekly',
    intervalDays: null,
    enabled: true,
    nextRun: '2026-03-09T08:00:00Z',
    lastJob: { id: 'schedule-7-slot-1772438400', status: 'completed_with_failures' },
    ...overrides,
  };
}

/** A finished job with failures, a running certificate job, and their schedules. */
export const SAMPLE = {
  jobs: [
    withoutCompletion(
      jobView({
        id: 'schedule-12-slot-1772441400',
        scheduleId: 12,
        actionType: 'certificate',
        routeReason: 'forced_cloud',
        routeExplanation: "cloud_preference is 'cloud'",
        status: 'running',
        counts: { total: 40, sent: 12, failed: 1, certificates: 12 },
      }),
    ),
    jobView(),
  ],
  schedules: [
    scheduleOverview(),
    scheduleOverview({
      id: 12,
      name: 'Course completion certificates',
      actionType: 'certificate',
      cloudPreference: 'cloud',
      frequency: 'custom',
      intervalDays: 3,
      lastJob: { id: 'schedule-12-slot-1772441400', status: 'running' },
    }),
  ],
  failed: {
    'schedule-7-slot-1772438400': [
      {
        userId: 1042,
        status: 'failed',
        attempts: 3,
        reason: 'address rejected by SES: MessageRejected',
        updatedAt: '2026-03-02T08:02:00Z',
      },
      { userId: 1077, status: 'failed', attempts: 1, reason: 'no valid email address' },
      { userId: 1090, status: 'failed', attempts: 5, reason: 'throttled too often', delivery: 'bounced' },
    ],
  } as Record<string, RecipientView[]>,
};

export interface InMemoryDashboardData extends DashboardData {
  /** How many reads were made, so a refusal can be shown to read nothing. */
  reads: number;
}

export function makeInMemoryDashboardData(content: {
  jobs: readonly JobView[];
  schedules: readonly ScheduleOverview[];
  failed?: Readonly<Record<string, readonly RecipientView[]>>;
}): InMemoryDashboardData {
  const data: InMemoryDashboardData = {
    reads: 0,
    async listRecentJobs(limit) {
      data.reads += 1;
      return content.jobs.slice(0, limit);
    },
    async getJob(id) {
      data.reads += 1;
      return content.jobs.find((job) => job.id === id);
    },
    async listFailedRecipients(jobId, limit) {
      data.reads += 1;
      return (content.failed?.[jobId] ?? []).slice(0, limit);
    },
    async listSchedules() {
      data.reads += 1;
      return [...content.schedules];
    },
  };
  return data;
}

function withoutCompletion(job: JobView): JobView {
  const { completedAt: _running, ...rest } = job;
  return rest;
}
