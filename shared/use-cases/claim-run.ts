/**
 * Claims one run of a schedule as a cloud job, exactly once: a conditional put on a job id derived from (schedule,
 * slot). The claim routes the run, and captures the schedule's own email template, so the run keeps the template
 * it started with whatever Moodle changes later. Used for regular slots and for run-now requests alike.
 */
import type { PlannerSettings } from '#config/planner-settings.js';
import { type CloudJob, emptyJobCounts, jobIdFor } from '#domain/cloud-job.js';
import { validateScheduleTemplate } from '#domain/email-template.js';
import { ValidationError } from '#domain/errors.js';
import type { JobStore } from '#domain/job-store.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import { decideRoute } from '#domain/route.js';
import type { Schedule } from '#domain/schedule.js';
import type { ScheduleTemplate } from '#domain/webhook-event.js';
import type { ScheduleSnapshotStore } from '#domain/webhook-schedule-snapshots.js';

export interface ClaimRunDeps {
  bridge: Pick<MoodleBridge, 'summarizeAudience'>;
  jobs: Pick<JobStore, 'getJob' | 'claimRun'>;
  snapshots: Pick<ScheduleSnapshotStore, 'get'>;
  settings: Pick<PlannerSettings, 'cloudThreshold'>;
  /** The planner's own clock (epoch seconds), recorded as `claimedAt`. @default none recorded */
  clock?: () => number;
}

export interface ClaimedRun {
  job: CloudJob;
  /** True for the one caller whose put created the job. */
  claimed: boolean;
  /** Why the schedule's own template was not used (it was stored before templates were checked), if so. */
  templateProblem?: string;
}

/** Claims (schedule, slot) as a new job, or takes the job an earlier or concurrent claim already made. */
export async function claimOrResumeRun(
  deps: ClaimRunDeps,
  schedule: Schedule,
  runSlot: number,
  at: number,
): Promise<ClaimedRun> {
  const { bridge, jobs, settings } = deps;
  const jobId = jobIdFor(schedule.id, runSlot);
  const existing = await jobs.getJob(jobId);
  if (existing) return { job: existing, claimed: false };
  const template = await captureTemplate(deps, schedule);
  const audience = await bridge.summarizeAudience({ schedule, at });
  const route = decideRoute(schedule.cloudPreference, audience.eligible, settings.cloudThreshold);
  const local = route.route === 'local';
  const suppressed = Object.values(audience.excluded).reduce((sum, count) => sum + count, 0);
  const claim = await jobs.claimRun({
    jobId,
    scheduleId: schedule.id,
    runSlot,
    actionType: schedule.actionType,
    route: route.route,
    routeReason: route.reason,
    routeExplanation: route.explanation,
    status: local ? 'delegated_local' : 'planning',
    // A local run is Moodle's to send: the job records what it would reach, and is done.
    counts: local ? { ...emptyJobCounts(), total: audience.eligible, suppressed } : emptyJobCounts(),
    fanout: { cursorUserId: 0, complete: local, leaseOwner: '', leaseUntil: 0 },
    createdAt: at,
    ...(deps.clock ? { claimedAt: deps.clock() } : {}),
    ...(local ? { completedAt: at } : {}),
    // Only a cloud run that mails needs it; a local run is sent by Moodle with its own copy.
    ...(template.use && !local ? { template: template.use } : {}),
  });
  if (!claim.claimed) return { job: claim.existing, claimed: false };
  return { job: claim.job, claimed: true, ...(template.problem ? { templateProblem: template.problem } : {}) };
}

async function captureTemplate(
  deps: ClaimRunDeps,
  schedule: Schedule,
): Promise<{ use?: ScheduleTemplate; problem?: string }> {
  if (schedule.actionType === 'certificate') return {};
  const own = (await deps.snapshots.get(schedule.id))?.template;
  if (own === undefined || (own.subject === undefined && own.message === undefined)) return {};
  try {
    validateScheduleTemplate(schedule.actionType, own);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { problem: error.message };
  }
  return { use: own };
}
