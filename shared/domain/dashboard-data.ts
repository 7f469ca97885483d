/**
 * What the jobs dashboard reads: the port its routes take, and the shapes of a failed recipient and of a schedule
 * as an admin sees them. The dashboard only reads; every write stays with the pipeline.
 */
import type { JobStatus, RecipientStatus } from './cloud-job.js';
import type { JobView } from './job-view.js';
import type { ActionType, CloudPreference } from './schedule.js';

// replaced by the api branch's types at merge (shared/domain/recipient-view.ts)
/** One recipient of a job as the status API and the dashboard show it. */
export interface RecipientView {
  userId: number;
  status: RecipientStatus;
  attempts: number;
  /** Why the last attempt failed, in words fit for an admin (never an address). */
  reason?: string;
  /** ISO-8601 UTC. */
  updatedAt?: string;
  /** What SES reported after a send. */
  delivery?: 'bounced' | 'complained';
}

// replaced by the api branch's types at merge (shared/domain/schedule-overview.ts)
/** One schedule as the status API and the dashboard show it, with its latest job. */
export interface ScheduleOverview {
  id: number;
  name: string;
  actionType: ActionType;
  cloudPreference: CloudPreference;
  frequency: 'daily' | 'weekly' | 'monthly' | 'custom';
  /** Days between runs for `custom`; null otherwise. */
  intervalDays: number | null;
  enabled: boolean;
  /** ISO-8601 UTC, or null when the schedule has no next run. */
  nextRun: string | null;
  lastJob: { id: string; status: JobStatus } | null;
}

/** The reads behind the dashboard pages. */
export interface DashboardData {
  /** The newest jobs first. */
  listRecentJobs(limit: number): Promise<JobView[]>;
  getJob(id: string): Promise<JobView | undefined>;
  /** Recipients of `jobId` whose status is `failed`, at most `limit` of them. */
  listFailedRecipients(jobId: string, limit: number): Promise<RecipientView[]>;
  listSchedules(): Promise<ScheduleOverview[]>;
}
