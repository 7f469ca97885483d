/**
 * The planner's tick: for every enabled schedule, decide whether a run is due, claim that run exactly once as a
 * cloud job, route it, and fan a cloud run's recipients out to the workers. Safe to run concurrently and to repeat:
 * the claim is a conditional write on a job id derived from (schedule, slot), and an interrupted fan-out resumes.
 */
import type { PlannerSettings } from '#config/planner-settings.js';
import { type CloudJob, emptyJobCounts, jobIdFor } from '#domain/cloud-job.js';
import { ValidationError } from '#domain/errors.js';
import type { JobStore } from '#domain/job-store.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import { planRun } from '#domain/plan-run.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import { decideRoute } from '#domain/route.js';
import type { Schedule } from '#domain/schedule.js';
import type { ScheduleRunStateStore } from '#domain/schedule-run-state.js';
import { resolveSiteTimeZone } from '#domain/time-zone.js';
import { validateSchedule } from '#domain/validate-schedule.js';
import type { WorkQueue } from '#domain/work-message.js';
import { type FanOutContext, type FanOutProgress, fanOutJob } from './fan-out-job.js';
import { reconcileStalledJob } from './reconcile-job.js';

export interface PlanDueRunsDeps {
  bridge: MoodleBridge;
  jobs: JobStore;
  ledger: RecipientLedger;
  runState: ScheduleRunStateStore;
  queue: WorkQueue;
  /** Epoch seconds. */
  clock: () => number;
  /** Unique per invocation (the Lambda request id): the fan-out lease owner. */
  owner: string;
  settings: Pick<PlannerSettings, 'serverTimeZone' | 'cloudThreshold'> & {
    pageSize: number;
    leaseSeconds: number;
    /** A running job whose counters have not moved for this long is recounted from its recipient rows. */
    reconcileAfterSeconds: number;
  };
  shouldStop?: () => boolean;
  onPage?: (progress: FanOutProgress) => void;
}

export type ScheduleOutcome =
  | { scheduleId: number; outcome: 'invalid'; error: ValidationError }
  | { scheduleId: number; outcome: 'not_due'; nextRun: number }
  | {
      scheduleId: number;
      outcome: 'delegated_local' | 'fanned_out' | 'fan_out_paused' | 'fan_out_busy';
      jobId: string;
      skippedSlots: number;
    };

export interface PlannerReport {
  at: number;
  timeZone: string;
  schedules: ScheduleOutcome[];
}

const FAN_OUT_OUTCOMES = { complete: 'fanned_out', paused: 'fan_out_paused', busy: 'fan_out_busy' } as const;

export function makePlanDueRuns(deps: PlanDueRunsDeps) {
  const { bridge, jobs, runState, clock, settings } = deps;

  /** @param at the tick's moment (epoch seconds): the scheduled event's time, or now. */
  return async function planDueRuns(at: number = clock()): Promise<PlannerReport> {
    const site = await bridge.readSite();
    const timeZone = resolveSiteTimeZone(site, settings.serverTimeZone, 'MANIREPORTS_SERVER_TIMEZONE');
    const schedules: ScheduleOutcome[] = [];
    for (const record of await bridge.listEnabledSchedules()) {
      let schedule: Schedule;
      try {
        schedule = validateSchedule(record);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        schedules.push({ scheduleId: record.id, outcome: 'invalid', error });
        continue;
      }
      schedules.push(await planSchedule(schedule, at, { siteName: site.siteName, siteTimeZone: timeZone }));
    }
    return { at, timeZone, schedules };
  };

  async function planSchedule(
    schedule: Schedule,
    at: number,
    site: Pick<FanOutContext, 'siteName' | 'siteTimeZone'>,
  ): Promise<ScheduleOutcome> {
    const state = await runState.get(schedule.id);
    // A run whose fan-out was interrupted is finished before any later slot is looked at, so no job is orphaned.
    const unfinished = state?.lastJobId ? await jobs.getJob(state.lastJobId) : undefined;
    if (unfinished && unfinished.route === 'cloud' && !unfinished.fanout.complete) {
      return fanOut(schedule, unfinished, site, 0);
    }
    if (unfinished) await reconcileStalledJob(deps, unfinished, settings.reconcileAfterSeconds);
    // Moodle's lastrun seeds the planner's own state the first time a schedule is seen; after that ours rules.
    const lastRun = state?.lastRunSlot ?? schedule.lastRun;
    let run: ReturnType<typeof planRun>;
    try {
      run = planRun({ ...schedule, lastRun }, at, site.siteTimeZone);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return { scheduleId: schedule.id, outcome: 'invalid', error };
    }
    if (!run.due) return { scheduleId: schedule.id, outcome: 'not_due', nextRun: run.nextRun };

    const job = await claimOrResume(schedule, run.dueSlot, at);
    // The slot is taken once it is claimed; a crash from here on is finished through lastJobId on the next tick.
    await runState.save(
      { scheduleId: schedule.id, lastRunSlot: run.dueSlot, nextRun: run.nextRun, lastJobId: job.jobId, updatedAt: at },
      state?.lastRunSlot,
    );
    const settled = { scheduleId: schedule.id, jobId: job.jobId, skippedSlots: run.skippedSlots };
    if (job.route === 'local') return { ...settled, outcome: 'delegated_local' };
    if (job.fanout.complete) return { ...settled, outcome: 'fanned_out' };
    return fanOut(schedule, job, site, run.skippedSlots);
  }

  async function fanOut(
    schedule: Schedule,
    job: CloudJob,
    site: Pick<FanOutContext, 'siteName' | 'siteTimeZone'>,
    skippedSlots: number,
  ): Promise<ScheduleOutcome> {
    const course = schedule.courseId > 0 ? ((await bridge.getCourse(schedule.courseId)) ?? null) : null;
    const result = await fanOutJob(deps, job, { schedule, course, ...site });
    return { scheduleId: schedule.id, outcome: FAN_OUT_OUTCOMES[result.outcome], jobId: job.jobId, skippedSlots };
  }

  /** Claims (schedule, slot) as a new job, or takes the job an earlier or concurrent tick already claimed. */
  async function claimOrResume(schedule: Schedule, runSlot: number, at: number): Promise<CloudJob> {
    const jobId = jobIdFor(schedule.id, runSlot);
    const existing = await jobs.getJob(jobId);
    if (existing) return existing;
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
      ...(local ? { completedAt: at } : {}),
    });
    return claim.claimed ? claim.job : claim.existing;
  }
}
