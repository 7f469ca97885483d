/**
 * What the planner would do at a given moment, without doing it: for every enabled schedule, whether it is due,
 * its next run, where it would run and why, and who it would reach. Nothing is sent or written.
 */

import type { PlannerSettings } from '#config/planner-settings.js';
import { ValidationError } from '#domain/errors.js';
import type { MoodleBridge, SiteSettings } from '#domain/moodle-bridge.js';
import { planRun, type RunPlan } from '#domain/plan-run.js';
import type { AudienceSummary } from '#domain/recipients.js';
import { decideRoute, type RouteDecision } from '#domain/route.js';
import type { Schedule, ScheduleRecord } from '#domain/schedule.js';
import { resolveSiteTimeZone } from '#domain/time-zone.js';
import { validateSchedule } from '#domain/validate-schedule.js';

export type SchedulePreview =
  | { kind: 'planned'; schedule: Schedule; run: RunPlan; route: RouteDecision; audience: AudienceSummary }
  | { kind: 'invalid'; record: ScheduleRecord; error: ValidationError };

export interface PlanPreview {
  database: string;
  site: SiteSettings;
  /** The zone run times are computed in. */
  timeZone: string;
  at: number;
  schedules: SchedulePreview[];
}

export interface PreviewPlanDeps {
  bridge: MoodleBridge;
  settings: Pick<PlannerSettings, 'serverTimeZone' | 'cloudThreshold'>;
}

export function makePreviewPlan({ bridge, settings }: PreviewPlanDeps) {
  return async function previewPlan(at: number): Promise<PlanPreview> {
    const site = await bridge.readSite();
    const timeZone = resolveSiteTimeZone(site, settings.serverTimeZone, 'MANIREPORTS_SERVER_TIMEZONE');
    const records = await bridge.listEnabledSchedules();
    const schedules: SchedulePreview[] = [];
    // One schedule at a time: each audience query is a full scan of one course's enrolments, and a Moodle
    // database shared with live users should not see a burst of them.
    for (const record of records) {
      schedules.push(await previewSchedule(record, at, timeZone));
    }
    return { database: bridge.description, site, timeZone, at, schedules };
  };

  async function previewSchedule(record: ScheduleRecord, at: number, timeZone: string): Promise<SchedulePreview> {
    let schedule: Schedule;
    let run: RunPlan;
    try {
      schedule = validateSchedule(record);
      run = planRun(schedule, at, timeZone);
    } catch (error) {
      if (error instanceof ValidationError) return { kind: 'invalid', record, error };
      throw error;
    }
    const audience = await bridge.summarizeAudience({ schedule, at });
    const route = decideRoute(schedule.cloudPreference, audience.eligible, settings.cloudThreshold);
    return { kind: 'planned', schedule, run, route, audience };
  }
}
