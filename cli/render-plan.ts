/** Turns a plan preview into what `plan` prints: lines for people, or one JSON document for scripts. */
import { EXCLUSION_REASONS, type ExclusionCounts } from '#domain/recipients.js';
import type { Recurrence } from '#domain/schedule.js';
import type { PlanPreview, SchedulePreview } from '#use-cases/preview-plan.js';
import { formatInstant } from './format-time.js';
import { escapeForTerminal as shown } from './terminal-text.js';

export function renderPlanText(plan: PlanPreview, cloudThreshold: number): string[] {
  const zone = plan.timeZone;
  const lines = [
    `Moodle database: ${shown(plan.database)}`,
    `Site "${shown(plan.site.siteName)}" · time zone ${zone} · at ${formatInstant(plan.at, zone)} · cloud threshold ${cloudThreshold}`,
    '',
  ];
  for (const preview of plan.schedules) lines.push(...renderScheduleText(preview, zone));
  lines.push('', summarize(plan.schedules));
  return lines;
}

function renderScheduleText(preview: SchedulePreview, zone: string): string[] {
  if (preview.kind === 'invalid') {
    return [`#${preview.record.id} "${shown(preview.record.name)}" INVALID: ${shown(preview.error.message)}`];
  }
  const { schedule, run, route, audience } = preview;
  const scope = schedule.courseId === 0 ? 'site level' : `course ${schedule.courseId}`;
  const when =
    run.dueSlot === null
      ? 'not due'
      : `DUE: slot ${formatInstant(run.dueSlot, zone)}${run.skippedSlots > 0 ? ` (${run.skippedSlots} missed slot${run.skippedSlots === 1 ? '' : 's'} collapsed into this run)` : ''}`;
  const excludedTotal = Object.values(audience.excluded).reduce((sum, n) => sum + n, 0);
  return [
    `#${schedule.id} "${shown(schedule.name)}" (${scope}, ${describeRecurrence(schedule.recurrence)}, action ${schedule.actionType})`,
    `   ${when}; next run ${formatInstant(run.nextRun, zone)}`,
    `   route ${route.route}: ${shown(route.explanation)}`,
    `   recipients: ${audience.eligible} eligible; excluded ${excludedTotal}${excludedTotal > 0 ? `: ${describeExclusions(audience.excluded)}` : ''}`,
  ];
}

function summarize(previews: SchedulePreview[]): string {
  const planned = previews.flatMap((preview) => (preview.kind === 'planned' ? [preview] : []));
  const due = planned.filter((preview) => preview.run.dueSlot !== null);
  const toCloud = due.filter((preview) => preview.route.route === 'cloud').length;
  const invalid = previews.length - planned.length;
  return `${previews.length} enabled schedules: ${due.length} due (${toCloud} cloud, ${due.length - toCloud} local), ${planned.length - due.length} not due, ${invalid} invalid. Nothing was sent.`;
}

export function describeRecurrence(recurrence: Recurrence): string {
  return recurrence.frequency === 'custom' ? `every ${recurrence.everyDays} days` : recurrence.frequency;
}

export function describeExclusions(counts: ExclusionCounts): string {
  return EXCLUSION_REASONS.filter((reason) => counts[reason] > 0)
    .map((reason) => `${reason} ${counts[reason]}`)
    .join(', ');
}

/** The JSON form: times as `{ iso, epoch }`, every exclusion reason present. */
export function renderPlanJson(plan: PlanPreview, cloudThreshold: number): unknown {
  const time = (epoch: number) => ({ iso: formatInstant(epoch, plan.timeZone), epoch });
  return {
    database: plan.database,
    site: plan.site.siteName,
    timeZone: plan.timeZone,
    at: time(plan.at),
    cloudThreshold,
    schedules: plan.schedules.map((preview) => {
      if (preview.kind === 'invalid') {
        const { record, error } = preview;
        return {
          id: record.id,
          name: record.name,
          status: 'invalid',
          error: { field: error.field, value: error.value, message: error.message },
        };
      }
      const { schedule, run, route, audience } = preview;
      return {
        id: schedule.id,
        name: schedule.name,
        courseId: schedule.courseId,
        status: run.dueSlot === null ? 'not_due' : 'due',
        recurrence: schedule.recurrence,
        actionType: schedule.actionType,
        cloudPreference: schedule.cloudPreference,
        dueSlot: run.dueSlot === null ? null : time(run.dueSlot),
        skippedSlots: run.skippedSlots,
        nextRun: time(run.nextRun),
        route: route.route,
        routeReason: route.reason,
        routeExplanation: route.explanation,
        eligible: audience.eligible,
        excluded: audience.excluded,
      };
    }),
  };
}
