/**
 * The planner watches a schedule's last job and its run-now jobs on every tick; a job overtaken by a newer slot
 * (a daily schedule overtakes every job whose work deadline is days away) or whose schedule was disabled is not among
 * them. So every {@link SWEEP_EVERY_MINUTES} minutes the planner also lists the running jobs of the last
 * {@link SWEEP_LOOKBACK_SECONDS} and reconciles each: recounted when stalled, ended past its work deadline.
 */
import type { CloudJob } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import { type ReconcileDeps, reconcileStalledJob } from './reconcile-job.js';

export interface SweepDeps extends ReconcileDeps {
  jobs: JobStore;
  settings: { reconcileAfterSeconds: number; workMessageLifetimeSeconds: number };
}

/** How often the sweep runs: each listing reads the keys and items of the lookback's jobs. */
export const SWEEP_EVERY_MINUTES = 15;
/**
 * How far back the sweep looks: well past the longest work deadline (two hops of a 4-day queue retention), so a job
 * is found long after it could have ended, even when the planner was down for weeks.
 */
export const SWEEP_LOOKBACK_SECONDS = 45 * 86_400;
const PAGE_SIZE = 100;

/** Runs on the ticks whose minute is a multiple of {@link SWEEP_EVERY_MINUTES}; undefined on the others. */
export async function sweepRunningJobs(
  deps: SweepDeps,
  at: number,
): Promise<{ running: number; ended: string[] } | undefined> {
  if (Math.floor(at / 60) % SWEEP_EVERY_MINUTES !== 0) return undefined;
  const running: CloudJob[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.jobs.listJobs(
      { status: 'running', createdFrom: at - SWEEP_LOOKBACK_SECONDS },
      { limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) },
    );
    running.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const ended: string[] = [];
  for (const job of running) {
    if (deps.shouldStop?.()) break;
    const after = await reconcileStalledJob(deps, job, deps.settings.reconcileAfterSeconds);
    if (after !== undefined && after.status !== 'running') ended.push(job.jobId);
  }
  return { running: running.length, ended };
}
