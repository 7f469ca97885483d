/**
 * Streams a cloud job's audience from the Moodle bridge onto the work queues, page by page, under the job's
 * fan-out lease. Every page is recorded after it is sent, so an interrupted fan-out resumes from the saved cursor:
 * a page sent but not recorded is sent again, which the workers' per-recipient claims make harmless.
 */
import type { CloudJob, JobStatus } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import type { CourseInfo, MoodleBridge } from '#domain/moodle-bridge.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import type { Schedule } from '#domain/schedule.js';
import { packRecipients, WORK_MESSAGE_VERSION, type WorkMessage, type WorkQueue } from '#domain/work-message.js';
import type { JobCallbacks } from './job-callbacks.js';

export interface FanOutDeps {
  bridge: MoodleBridge;
  jobs: JobStore;
  /** Keeps the record of whom each page reached, so that recipients whose work is lost can be told apart. */
  ledger: Pick<RecipientLedger, 'recordFannedOut'>;
  queue: WorkQueue;
  clock: () => number;
  /** Who holds the lease: unique per invocation. */
  owner: string;
  settings: { pageSize: number; leaseSeconds: number };
  /** True when the caller must stop soon (a Lambda near its timeout); the next tick resumes. */
  shouldStop?: () => boolean;
  onPage?: (progress: FanOutProgress) => void;
  /** Told when completing the fan-out also finishes the job (nobody to reach, or all settled already). */
  callbacks?: JobCallbacks;
}

export interface FanOutProgress {
  jobId: string;
  cursorUserId: number;
  /** Recipients this invocation has enqueued so far. */
  enqueued: number;
}

/** What the job reaches and says about itself, the same for every message. */
export interface FanOutContext {
  schedule: Schedule;
  course: CourseInfo | null;
  siteName: string;
  siteTimeZone: string;
}

export type FanOutResult =
  | { outcome: 'complete'; job: CloudJob }
  /** Another invocation holds the lease; it will finish the job. */
  | { outcome: 'busy' }
  /** Stopped part-way (time up, or the lease was taken over); the saved cursor says where to resume. */
  | { outcome: 'paused' };

export async function fanOutJob(deps: FanOutDeps, job: CloudJob, context: FanOutContext): Promise<FanOutResult> {
  const { bridge, jobs, queue, clock, owner, settings } = deps;
  const renewLease = () => jobs.acquireFanoutLease(job.jobId, owner, clock(), settings.leaseSeconds);
  if (!(await renewLease())) return { outcome: 'busy' };
  // Read again under the lease: an earlier holder may have recorded pages since `job` was read.
  const cursorUserId = (await jobs.getJob(job.jobId))?.fanout.cursorUserId ?? job.fanout.cursorUserId;

  const audience = bridge.streamAudience(
    // The audience is judged at the job's creation, so a resumed fan-out sees the same enrolment windows.
    { schedule: context.schedule, at: job.createdAt },
    { pageSize: settings.pageSize, afterUserId: cursorUserId },
  );
  let enqueued = 0;
  let pageAfter = cursorUserId;
  for await (const page of audience) {
    const messages = packRecipients(page.recipients).map((recipients) => toWorkMessage(job, context, recipients));
    // Recorded before it is sent: every recipient a message can carry is in the record (docs/pipeline-design.md).
    const userIds = page.recipients.map((recipient) => recipient.userId);
    await deps.ledger.recordFannedOut(job.jobId, pageAfter, userIds, clock());
    await queue.sendAll(messages);
    pageAfter = page.lastUserId;
    const recorded = await jobs.recordFanoutPage(job.jobId, owner, {
      cursorUserId: page.lastUserId,
      enqueued: page.recipients.length,
      suppressed: page.excluded.length,
    });
    if (!recorded) return { outcome: 'paused' };
    enqueued += page.recipients.length;
    deps.onPage?.({ jobId: job.jobId, cursorUserId: page.lastUserId, enqueued });
    if (deps.shouldStop?.() || !(await renewLease())) return { outcome: 'paused' };
  }
  const completed = await jobs.completeFanout(job.jobId, owner, clock());
  // Only the lease holder completes the fan-out, and only a job still `planning`/`queued` settles there (no worker
  // can finish a job that is not `running`), so this is the one caller that finished it.
  if (FINISHED_AT_FAN_OUT.includes(completed.status)) await deps.callbacks?.jobFinished(job.jobId);
  return { outcome: 'complete', job: completed };
}

const FINISHED_AT_FAN_OUT: readonly JobStatus[] = ['completed', 'completed_with_failures'];

function toWorkMessage(job: CloudJob, context: FanOutContext, recipients: WorkMessage['recipients']): WorkMessage {
  return {
    version: WORK_MESSAGE_VERSION,
    // A certificate comes first for `both`: the certificate worker hands the recipient on to the email worker.
    kind: job.actionType === 'email' ? 'email' : 'certificate',
    jobId: job.jobId,
    scheduleId: job.scheduleId,
    scheduleName: context.schedule.name,
    runSlot: job.runSlot,
    actionType: job.actionType,
    course: context.course,
    siteName: context.siteName,
    siteTimeZone: context.siteTimeZone,
    recipients,
  };
}
