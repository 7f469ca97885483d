/**
 * Run now: each pending `schedule.run_now` request becomes a run at once, claimed exactly once on a job id derived
 * from the request (`jobIdFor(schedule, runSlotOfRequest(request))`), so a redelivered request or two planners
 * racing take the same job. The schedule's run state is left alone: its regular slots, next run and last job stay
 * as they were. Instead, the request itself watches its job until the job is final — resuming an interrupted
 * fan-out and recounting stalled counters like the regular path does for a schedule's last job — and is removed
 * then. Requests of schedules that are gone, disabled or expired are dropped.
 */
import type { CloudJob } from '#domain/cloud-job.js';
import { FINAL_JOB_STATUSES } from '#domain/cloud-job.js';
import type { Schedule } from '#domain/schedule.js';
import { type RunRequest, runSlotOfRequest, type ScheduleSnapshotStore } from '#domain/webhook-schedule-snapshots.js';
import { type ClaimRunDeps, claimOrResumeRun } from './claim-run.js';
import type { FanOutResult } from './fan-out-job.js';
import type { JobCallbacks } from './job-callbacks.js';
import { type ReconcileDeps, reconcileStalledJob } from './reconcile-job.js';

export interface StartRequestedRunsDeps extends Omit<ClaimRunDeps, 'jobs'>, ReconcileDeps {
  snapshots: Pick<ScheduleSnapshotStore, 'get' | 'listPendingRunRequests' | 'removeRunRequest'>;
  callbacks?: JobCallbacks;
  settings: ClaimRunDeps['settings'] & { reconcileAfterSeconds: number; workMessageLifetimeSeconds: number };
}

export type RunRequestOutcome =
  | { scheduleId: number; eventId: string; outcome: 'dropped'; reason: 'not_enabled' | 'disabled' | 'expired' }
  | {
      scheduleId: number;
      eventId: string;
      jobId: string;
      /** `running`: fanned out earlier, still watched; `finished`: final, the request is removed. */
      outcome: 'delegated_local' | 'fanned_out' | 'fan_out_paused' | 'fan_out_busy' | 'running' | 'finished';
      templateProblem?: string;
    };

/** Fans a cloud job out (the planner's own fan-out, with the site context it has). */
export type FanOutRun = (schedule: Schedule, job: CloudJob) => Promise<FanOutResult>;

const FAN_OUT_OUTCOMES = { complete: 'fanned_out', paused: 'fan_out_paused', busy: 'fan_out_busy' } as const;

/**
 * Handles every pending request once.
 * @param enabled the schedules the bridge returned as enabled and valid, by id.
 */
export async function startRequestedRuns(
  deps: StartRequestedRunsDeps,
  enabled: ReadonlyMap<number, Schedule>,
  at: number,
  fanOut: FanOutRun,
): Promise<RunRequestOutcome[]> {
  const outcomes: RunRequestOutcome[] = [];
  for (const request of await deps.snapshots.listPendingRunRequests()) {
    outcomes.push(await startRequestedRun(deps, request, enabled.get(request.scheduleId), at, fanOut));
  }
  return outcomes;
}

async function startRequestedRun(
  deps: StartRequestedRunsDeps,
  request: RunRequest,
  schedule: Schedule | undefined,
  at: number,
  fanOut: FanOutRun,
): Promise<RunRequestOutcome> {
  const { scheduleId, eventId } = request;
  const drop = async (reason: 'not_enabled' | 'disabled' | 'expired'): Promise<RunRequestOutcome> => {
    await deps.snapshots.removeRunRequest(request);
    return { scheduleId, eventId, outcome: 'dropped', reason };
  };
  if (schedule === undefined) return drop('not_enabled');
  // DynamoDB's TTL removes expired items only eventually (and dynalite never): the planner honours `expiresAt`.
  if (request.expiresAt <= at) return drop('expired');
  // Moodle's database says enabled, but a later event may already have disabled or deleted it.
  const snapshot = await deps.snapshots.get(scheduleId);
  if (snapshot?.deleted || snapshot?.schedule?.enabled === false) return drop('disabled');

  const claim = await claimOrResumeRun(deps, schedule, runSlotOfRequest(request), at);
  let job = claim.job;
  if (job.status === 'delegated_local') {
    if (claim.claimed) await deps.callbacks?.runDelegated(job);
    await deps.snapshots.removeRunRequest(request);
    return done('delegated_local');
  }
  // Dropped only once its job is running: until then the request is what resumes an interrupted claim or fan-out.
  if (claim.claimed === false && !FINAL_JOB_STATUSES.includes(job.status) && job.fanout.complete) {
    job = (await reconcileStalledJob(deps, job, deps.settings.reconcileAfterSeconds)) ?? job;
  }
  if (FINAL_JOB_STATUSES.includes(job.status)) {
    await deps.snapshots.removeRunRequest(request);
    return done('finished');
  }
  if (job.fanout.complete) return done('running');
  const result = await fanOut(schedule, job);
  // Nobody to reach: the fan-out finished the job, so there is nothing left to watch.
  if (result.outcome === 'complete' && FINAL_JOB_STATUSES.includes(result.job.status)) {
    await deps.snapshots.removeRunRequest(request);
  }
  return done(FAN_OUT_OUTCOMES[result.outcome]);

  function done(outcome: Exclude<RunRequestOutcome['outcome'], 'dropped'>): RunRequestOutcome {
    return {
      scheduleId,
      eventId,
      jobId: job.jobId,
      outcome,
      ...(claim.templateProblem ? { templateProblem: claim.templateProblem } : {}),
    };
  }
}
