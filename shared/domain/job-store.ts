/**
 * The port that keeps cloud jobs (DynamoDB in AWS). Every write that decides something is conditional, so two
 * planners or two workers racing each other cannot both win.
 */
import type { CloudJob, JobCounts, JobStatus, SettledCounts } from './cloud-job.js';
import type { Page, PageRequest } from './listing.js';

export type ClaimRunResult = { claimed: true; job: CloudJob } | { claimed: false; existing: CloudJob };

export interface FanoutPageProgress {
  /** The last user id of the page just enqueued. */
  cursorUserId: number;
  /** Recipients enqueued by this page. */
  enqueued: number;
  /** Audience members of this page left out. */
  suppressed: number;
}

/** Which jobs to list; every field narrows the listing. Times are epoch seconds, both ends included. */
export interface JobFilter {
  scheduleId?: number;
  status?: JobStatus;
  createdFrom?: number;
  createdTo?: number;
}

export interface JobStore {
  /** Creates the job unless one already exists for `job.jobId` (one job per schedule run slot). */
  claimRun(job: CloudJob): Promise<ClaimRunResult>;
  getJob(jobId: string): Promise<CloudJob | undefined>;
  /** Takes the fan-out lease when it is free, expired, or already `owner`'s; false when someone else holds it. */
  acquireFanoutLease(jobId: string, owner: string, now: number, leaseSeconds: number): Promise<boolean>;
  /**
   * Records one enqueued page: moves the cursor and adds to `total` and `suppressed`, only while `owner` holds the
   * lease and only when `cursorUserId` moves forward (a replayed page after a crash adds nothing twice).
   * Returns false when the lease was lost.
   */
  recordFanoutPage(jobId: string, owner: string, page: FanoutPageProgress): Promise<boolean>;
  /** Marks the fan-out complete and the job `running` (or settles it at once when it had nobody to reach). */
  completeFanout(jobId: string, owner: string, now: number): Promise<CloudJob>;
  /** Atomically adds to the counters; returns the job after the change. */
  addToCounts(jobId: string, delta: Partial<JobCounts>, now: number): Promise<CloudJob>;
  /** Replaces the settled counters with a recount of the recipient rows (see `RecipientLedger.tally`). */
  overwriteSettledCounts(jobId: string, counts: SettledCounts, now: number): Promise<CloudJob>;
  /**
   * A redrive put the job's dead-lettered work back on the queues at `now`: `redrivenAt = now` (its work deadline
   * counts from there). A job in a final status `from` is reopened (`running`, no `completedAt`, `redrives` + 1, so
   * its next completion is told to Moodle under a new id); a `running` job only gets the new time. False when the
   * job was no longer in `from`.
   */
  markRedriven(jobId: string, from: JobStatus, now: number): Promise<boolean>;
  /** Moves the job from `from` to `to`; false when it was no longer in `from`. */
  transition(jobId: string, from: JobStatus, to: JobStatus, now: number, lastError?: string): Promise<boolean>;
  /**
   * Jobs matching `filter`, newest (`createdAt`) first, one page at a time.
   * @throws InvalidListingParameterError on a bad `limit` or a cursor this store did not issue for this filter.
   */
  listJobs(filter: JobFilter, page: PageRequest): Promise<Page<CloudJob>>;
}
