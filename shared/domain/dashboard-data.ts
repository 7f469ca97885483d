/**
 * What the jobs dashboard reads: the port its routes take. The dashboard only reads; every write stays with the
 * pipeline.
 */
import type { JobView } from './job-view.js';
import type { RecipientView } from './recipient-view.js';
import type { ScheduleOverview } from './schedule-overview.js';

export type { RecipientView, ScheduleOverview };

/** The reads behind the dashboard pages. */
export interface DashboardData {
  /** The newest jobs first. */
  listRecentJobs(limit: number): Promise<JobView[]>;
  getJob(id: string): Promise<JobView | undefined>;
  /** Recipients of `jobId` whose status is `failed`, at most `limit` of them. */
  listFailedRecipients(jobId: string, limit: number): Promise<RecipientView[]>;
  listSchedules(): Promise<ScheduleOverview[]>;
  /**
   * The zone the site's times are shown in, as Moodle shows them: `forcetimezone`, else `timezone`, else the
   * pipeline's default (shared/domain/time-zone.ts). The data itself stays in UTC. @default times in UTC
   */
  siteTimeZone?(): Promise<string>;
}
