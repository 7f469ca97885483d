/**
 * The dashboard's reads ({@link DashboardData}) on the same use cases as the status API, so a page and the API
 * never disagree about a job.
 */
import type { DashboardData } from '#domain/dashboard-data.js';
import { PAGE_LIMIT } from '#domain/listing.js';
import type { RecipientView } from '#domain/recipient-view.js';
import { resolveSiteTimeZone } from '#domain/time-zone.js';
import { type ListSchedulesDeps, makeListSchedules } from './list-schedules.js';
import { makeGetJob, makeListJobRecipients, makeListJobs } from './read-jobs.js';

export function makeDashboardData(
  deps: ListSchedulesDeps & Parameters<typeof makeListJobRecipients>[0],
): DashboardData {
  const listJobs = makeListJobs(deps);
  const listJobRecipients = makeListJobRecipients(deps);
  return {
    async listRecentJobs(limit) {
      return (await listJobs({}, { limit: Math.min(limit, PAGE_LIMIT.max) })).jobs;
    },
    getJob: makeGetJob(deps),
    async listFailedRecipients(jobId, limit) {
      // A page holds at most PAGE_LIMIT.max rows; the dashboard may show more, so it reads on.
      const failed: RecipientView[] = [];
      let cursor: string | undefined;
      do {
        const wanted = Math.min(limit - failed.length, PAGE_LIMIT.max);
        const page = await listJobRecipients(
          jobId,
          { status: 'failed' },
          { limit: wanted, ...(cursor ? { cursor } : {}) },
        );
        if (page === undefined) return [];
        failed.push(...page.recipients);
        cursor = page.nextCursor;
      } while (cursor !== undefined && failed.length < limit);
      return failed;
    },
    listSchedules: makeListSchedules(deps),
    async siteTimeZone() {
      return resolveSiteTimeZone(
        await deps.bridge.readSite(),
        deps.settings.serverTimeZone,
        'MANIREPORTS_SERVER_TIMEZONE',
      );
    },
  };
}
