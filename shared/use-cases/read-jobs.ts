/**
 * The status API's job reads: a page of jobs, one job, and a page of one job's recipients, each as the view Moodle
 * sees (JobView, RecipientView). Reads only; nothing here changes a job.
 */
import type { JobFilter, JobStore } from '#domain/job-store.js';
import { type JobView, toJobView } from '#domain/job-view.js';
import type { PageRequest } from '#domain/listing.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import type { RecipientFilter, RecipientView } from '#domain/recipient-view.js';

export interface JobPage {
  jobs: JobView[];
  nextCursor?: string;
}

export interface RecipientPage {
  recipients: RecipientView[];
  nextCursor?: string;
}

/** Jobs newest first, filtered and paged (see `JobStore.listJobs`). */
export function makeListJobs({ jobs }: { jobs: JobStore }) {
  return async function listJobs(filter: JobFilter, page: PageRequest): Promise<JobPage> {
    const { items, nextCursor } = await jobs.listJobs(filter, page);
    return { jobs: items.map(toJobView), ...(nextCursor === undefined ? {} : { nextCursor }) };
  };
}

/** One job, or undefined when there is none with this id. */
export function makeGetJob({ jobs }: { jobs: JobStore }) {
  return async function getJob(jobId: string): Promise<JobView | undefined> {
    const job = await jobs.getJob(jobId);
    return job === undefined ? undefined : toJobView(job);
  };
}

/** A job's recipients by user id, or undefined when the job does not exist (an existing job may have none yet). */
export function makeListJobRecipients({ jobs, ledger }: { jobs: JobStore; ledger: RecipientLedger }) {
  return async function listJobRecipients(
    jobId: string,
    filter: RecipientFilter,
    page: PageRequest,
  ): Promise<RecipientPage | undefined> {
    // The page is read first so a bad cursor or limit is refused as such even for an unknown job.
    const { items, nextCursor } = await ledger.listRecipients(jobId, filter, page);
    if (items.length === 0 && (await jobs.getJob(jobId)) === undefined) return undefined;
    return { recipients: items, ...(nextCursor === undefined ? {} : { nextCursor }) };
  };
}
