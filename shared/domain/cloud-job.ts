/**
 * A cloud job: one run of one schedule (its run slot), claimed exactly once, and the state of every recipient
 * in it. The rules for moving between states are in docs/pipeline-design.md.
 */
import type { RouteReason } from './route.js';
import type { ActionType } from './schedule.js';
import type { ScheduleTemplate } from './webhook-event.js';

export const JOB_STATUSES = [
  'planning',
  'queued',
  'running',
  'completed',
  'completed_with_failures',
  'failed',
  'delegated_local',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses a job never leaves. */
export const FINAL_JOB_STATUSES: readonly JobStatus[] = [
  'completed',
  'completed_with_failures',
  'failed',
  'delegated_local',
  'cancelled',
];

/**
 * `sending`: a worker claimed the recipient and may be talking to SES right now. `unconfirmed`: a claim whose
 * outcome was never recorded (a crash between claim and record); whether SES sent it is unknown, so it is not
 * sent again — an admin decides. `unsent`: never claimed before the job's work was gone (its message lost, expired
 * or dead-lettered past the work deadline): certainly not sent; `redrive` makes it claimable again.
 */
export const RECIPIENT_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped', 'unconfirmed', 'unsent'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const FINAL_RECIPIENT_STATUSES: readonly RecipientStatus[] = [
  'sent',
  'failed',
  'skipped',
  'unconfirmed',
  'unsent',
];

export interface JobCounts {
  /** Eligible recipients fanned out (known for sure once the fan-out is complete). */
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  unconfirmed: number;
  /** Recipients never claimed before the job's queue work was gone (docs/pipeline-design.md, "Every job ends"). */
  unsent: number;
  /** Audience members left out at planning time (every exclusion reason). */
  suppressed: number;
  certificates: number;
  /** Sent mails that SES later reported as bounced, and as marked spam by the recipient (SES events). */
  bounced: number;
  complained: number;
}

export interface FanoutProgress {
  /** The last user id enqueued; the next page starts after it. */
  cursorUserId: number;
  complete: boolean;
  /** Who holds the fan-out now and until when (epoch seconds); a crashed holder's lease simply expires. */
  leaseOwner: string;
  leaseUntil: number;
}

export interface CloudJob {
  jobId: string;
  scheduleId: number;
  /** Epoch seconds of the slot this job runs. */
  runSlot: number;
  actionType: ActionType;
  route: 'cloud' | 'local';
  routeReason: RouteReason;
  routeExplanation: string;
  status: JobStatus;
  counts: JobCounts;
  fanout: FanoutProgress;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
  /** When a worker last moved the counters: a running job whose counters stop moving gets reconciled. */
  countsUpdatedAt?: number;
  lastError?: string;
  /**
   * The schedule's own email template parts as they were when the run was claimed (absent: the action's default),
   * so a run keeps the template it started with.
   */
  template?: ScheduleTemplate;
  /**
   * When an admin last redrove the job's dead-lettered work (epoch seconds): the work deadline counts from here,
   * and `redrives` numbers the `job.completed` callbacks after the first. Absent: never redriven.
   */
  redrivenAt?: number;
  redrives?: number;
}

/** The counters a recipient's final status moves, plus certificates; all of them can be recounted from the rows. */
export type SettledCounts = Pick<JobCounts, 'sent' | 'failed' | 'skipped' | 'unconfirmed' | 'unsent' | 'certificates'>;

/** One job per (schedule, slot): the id is derived, so a second claim of the same run collides on it. */
export function jobIdFor(scheduleId: number, runSlot: number): string {
  return `schedule-${scheduleId}-slot-${runSlot}`;
}

export function emptyJobCounts(): JobCounts {
  return {
    total: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    unconfirmed: 0,
    unsent: 0,
    suppressed: 0,
    certificates: 0,
    bounced: 0,
    complained: 0,
  };
}

/** Recipients whose outcome is final. */
export function countSettled(counts: JobCounts): number {
  return counts.sent + counts.failed + counts.skipped + counts.unconfirmed + counts.unsent;
}

/**
 * The status a running job ends in once every recipient is settled, or undefined while some are not (or the
 * fan-out is still adding recipients).
 */
export function decideFinalStatus(counts: JobCounts, fanoutComplete: boolean): JobStatus | undefined {
  if (!fanoutComplete || countSettled(counts) < counts.total) return undefined;
  return counts.failed + counts.unconfirmed + counts.unsent === 0 ? 'completed' : 'completed_with_failures';
}
