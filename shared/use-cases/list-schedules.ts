/**
 * `GET /schedules`: every enabled Moodle schedule with its action, cloud preference and recurrence, the next run
 * the planner would compute at this moment (its own run state ruling over Moodle's `lastrun`, exactly as in
 * plan-due-runs.ts), and the last job the planner made for it. A schedule the planner refuses (an invalid row) is
 * listed with `nextRun: null` when its action, preference and frequency can be shown, and left out otherwise.
 */
import type { PlannerSettings } from '#config/planner-settings.js';
import { ValidationError } from '#domain/errors.js';
import type { JobStore } from '#domain/job-store.js';
import { isoFromEpochSeconds } from '#domain/job-view.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import { planRun } from '#domain/plan-run.js';
import { ACTION_TYPES, CLOUD_PREFERENCES, FREQUENCIES, type ScheduleRecord } from '#domain/schedule.js';
import type { ScheduleOverview } from '#domain/schedule-overview.js';
import type { ScheduleRunStateStore } from '#domain/schedule-run-state.js';
import { resolveSiteTimeZone } from '#domain/time-zone.js';
import { validateSchedule } from '#domain/validate-schedule.js';

export interface ListSchedulesDeps {
  bridge: MoodleBridge;
  runState: ScheduleRunStateStore;
  jobs: JobStore;
  settings: Pick<PlannerSettings, 'serverTimeZone'>;
  /** Epoch seconds. */
  clock: () => number;
}

export function makeListSchedules({ bridge, runState, jobs, settings, clock }: ListSchedulesDeps) {
  return async function listSchedules(): Promise<ScheduleOverview[]> {
    const at = clock();
    const site = await bridge.readSite();
    const timeZone = resolveSiteTimeZone(site, settings.serverTimeZone, 'MANIREPORTS_SERVER_TIMEZONE');
    const overviews: ScheduleOverview[] = [];
    for (const record of await bridge.listAllSchedules()) {
      const overview = await describeSchedule(record, at, timeZone);
      if (overview !== undefined) overviews.push(overview);
    }
    return overviews;
  };

  async function describeSchedule(
    record: ScheduleRecord,
    at: number,
    timeZone: string,
  ): Promise<ScheduleOverview | undefined> {
    const state = await runState.get(record.id);
    const lastJob = state?.lastJobId === undefined ? undefined : await jobs.getJob(state.lastJobId);
    const common = {
      id: record.id,
      name: record.name,
      enabled: record.enabled,
      lastJob: lastJob === undefined ? null : { id: lastJob.jobId, status: lastJob.status },
    };
    try {
      const schedule = validateSchedule(record);
      const lastRun = state?.lastRunSlot ?? schedule.lastRun;
      const { nextRun } = planRun({ ...schedule, lastRun }, at, timeZone);
      const { recurrence } = schedule;
      return {
        ...common,
        actionType: schedule.actionType,
        cloudPreference: schedule.cloudPreference,
        frequency: recurrence.frequency,
        intervalDays: recurrence.frequency === 'custom' ? recurrence.everyDays : null,
        nextRun: schedule.enabled ? isoFromEpochSeconds(nextRun) : null,
      };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return describeInvalid(record, common);
    }
  }
}

/** A row the planner will not run: shown without a next run, if its enums can be shown at all. */
function describeInvalid(
  record: ScheduleRecord,
  common: Pick<ScheduleOverview, 'id' | 'name' | 'enabled' | 'lastJob'>,
): ScheduleOverview | undefined {
  const { actionType, cloudPreference, frequency } = record;
  if (
    !isOneOf(ACTION_TYPES, actionType) ||
    !isOneOf(CLOUD_PREFERENCES, cloudPreference) ||
    !isOneOf(FREQUENCIES, frequency)
  ) {
    return undefined;
  }
  return {
    ...common,
    actionType,
    cloudPreference,
    frequency,
    intervalDays: frequency === 'custom' ? record.customInterval : null,
    nextRun: null,
  };
}

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}
