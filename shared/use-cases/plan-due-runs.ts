/**
 * The planner's tick: start a run for every pending run-now request, then, for every enabled schedule, decide
 * whether a run is due, claim that run exactly once as a cloud job, route it, and fan a cloud run's recipients out
 * to the workers. Safe to run concurrently and to repeat: the claim is a conditional write on a job id derived from
 * (schedule, slot), and an interrupted fan-out resumes.
 */
import type { PlannerSettings } from '#config/planner-settings.js';
import type { CloudJob } from '#domain/cloud-job.js';
import { ValidationError } from '#domain/errors.js';
import type { JobStore } from '#domain/job-store.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import { planRun } from '#domain/plan-run.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import type { Schedule } from '#domain/schedule.js';
import type { ScheduleRunStateStore } from '#domain/schedule-run-state.js';
import { resolveSiteTimeZone } from '#domain/time-zone.js';
import { validateSchedule } from '#domain/validate-schedule.js';
import type { ScheduleSnapshotStore } from '#domain/webhook-schedule-snapshots.js';
import type { WorkQueue } from '#domain/work-message.js';
import { claimOrResumeRun } from './claim-run.js';
import { type FanOutContext, type FanOutProgress, type FanOutResult, fanOutJob } from './fan-out-job.js';
import type { JobCallbacks } from './job-callbacks.js';
import { reconcileStalledJob } from './reconcile-job.js';
import { type RunRequestOutcome, startRequestedRuns } from './start-requested-runs.js';
import { sweepRunningJobs } from './sweep-running-jobs.js';

export interface PlanDueRunsDeps {
  bridge: MoodleBridge;
  jobs: JobStore;
  ledger: RecipientLedger;
  runState: ScheduleRunStateStore;
  /** Each schedule's templates (copied into the jobs it claims) and the pending run-now requests. */
  snapshots: Pick<ScheduleSnapshotStore, 'get' | 'listPendingRunRequests' | 'removeRunRequest'>;
  queue: WorkQueue;
  /** Tells Moodle about runs it must send itself and jobs that finish while planning. @default no callbacks */
  callbacks?: JobCallbacks;
  /** Epoch seconds. */
  clock: () => number;
  /** Unique per invocation (the Lambda request id): the fan-out lease owner. */
  owner: string;
  settings: Pick<PlannerSettings, 'serverTimeZone' | 'cloudThreshold'> & {
    pageSize: number;
    leaseSeconds: number;
    /** A running job whose counters have not moved for this long is recounted from its recipient rows. */
    reconcileAfterSeconds: number;
    /**
     * The longest a work message can still be worked after it is sent (queue retention + visibility timeout): a
     * running job past `workDeadline` ends, its never-claimed recipients `unsent`.
     */
    workMessageLifetimeSeconds: number;
  };
  /** Told when a job ends with unsent recipients (the handler emits the alarm's metric). */
  onJobEnded?: (job: CloudJob) => void;
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
      /** Why the schedule's own template was refused and the default used instead, when it was. */
      templateProblem?: string;
    };

export interface PlannerReport {
  at: number;
  timeZone: string;
  schedules: ScheduleOutcome[];
  /** What became of each pending run-now request. */
  runRequests: RunRequestOutcome[];
  /** On the ticks that sweep running jobs: how many were looked at and which ended (docs/pipeline-design.md). */
  swept?: { running: number; ended: string[] };
}

type SiteContext = Pick<FanOutContext, 'siteName' | 'siteTimeZone'>;

const FAN_OUT_OUTCOMES = { complete: 'fanned_out', paused: 'fan_out_paused', busy: 'fan_out_busy' } as const;

export function makePlanDueRuns(deps: PlanDueRunsDeps) {
  const { bridge, jobs, runState, clock, settings } = deps;

  /** @param at the tick's moment (epoch seconds): the scheduled event's time, or now. */
  return async function planDueRuns(at: number = clock()): Promise<PlannerReport> {
    const site = await bridge.readSite();
    const timeZone = resolveSiteTimeZone(site, settings.serverTimeZone, 'MANIREPORTS_SERVER_TIMEZONE');
    const context: SiteContext = { siteName: site.siteName, siteTimeZone: timeZone };
    const schedules: ScheduleOutcome[] = [];
    const enabled = new Map<number, Schedule>();
    for (const record of await bridge.listEnabledSchedules()) {
      try {
        enabled.set(record.id, validateSchedule(record));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        schedules.push({ scheduleId: record.id, outcome: 'invalid', error });
      }
    }
    // Run-now first: someone is waiting for it.
    const runRequests = await startRequestedRuns(deps, enabled, at, (schedule, job) =>
      fanOutWithCourse(schedule, job, context),
    );
    for (const schedule of enabled.values()) schedules.push(await planSchedule(schedule, at, context));
    schedules.sort((a, b) => a.scheduleId - b.scheduleId);
    // Jobs overtaken by a newer slot, or of schedules since disabled, are watched here until they end.
    const swept = await sweepRunningJobs(deps, at);
    return { at, timeZone, schedules, runRequests, ...(swept === undefined ? {} : { swept }) };
  };

  async function planSchedule(schedule: Schedule, at: number, site: SiteContext): Promise<ScheduleOutcome> {
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

    const { job, claimed, templateProblem } = await claimOrResumeRun(deps, schedule, run.dueSlot, at);
    // The slot is taken once it is claimed; a crash from here on is finished through lastJobId on the next tick.
    await runState.save(
      { scheduleId: schedule.id, lastRunSlot: run.dueSlot, nextRun: run.nextRun, lastJobId: job.jobId, updatedAt: at },
      state?.lastRunSlot,
    );
    const settled = {
      scheduleId: schedule.id,
      jobId: job.jobId,
      skippedSlots: run.skippedSlots,
      ...(templateProblem ? { templateProblem } : {}),
    };
    if (job.route === 'local') {
      // After the run state is saved, so the callback carries the schedule's new next run.
      if (claimed) await deps.callbacks?.runDelegated(job);
      return { ...settled, outcome: 'delegated_local' };
    }
    if (job.fanout.complete) return { ...settled, outcome: 'fanned_out' };
    return fanOut(schedule, job, site, run.skippedSlots);
  }

  async function fanOut(
    schedule: Schedule,
    job: CloudJob,
    site: SiteContext,
    skippedSlots: number,
  ): Promise<ScheduleOutcome> {
    const result = await fanOutWithCourse(schedule, job, site);
    return { scheduleId: schedule.id, outcome: FAN_OUT_OUTCOMES[result.outcome], jobId: job.jobId, skippedSlots };
  }

  async function fanOutWithCourse(schedule: Schedule, job: CloudJob, site: SiteContext): Promise<FanOutResult> {
    const course = schedule.courseId > 0 ? ((await bridge.getCourse(schedule.courseId)) ?? null) : null;
    return fanOutJob(deps, job, { schedule, course, ...site });
  }
}
