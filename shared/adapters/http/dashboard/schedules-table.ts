/** The schedules table of the dashboard: action type, cloud preference, frequency, next run, last job. */
import type { ScheduleOverview } from '#domain/dashboard-data.js';
import { html, type SafeHtml } from './html.js';
import { jobPagePath, renderStatus, renderTime } from './view-parts.js';

/** @param timeZone the site's zone, for the next run. @default 'UTC' */
export function renderSchedulesTable(schedules: readonly ScheduleOverview[], timeZone = 'UTC'): SafeHtml {
  if (schedules.length === 0) return html`<p class="notice" data-testid="no-schedules">No schedules.</p>`;
  const rows = schedules.map(
    (schedule) => html`<tr data-testid="schedule-row" data-schedule-id="${schedule.id}">
<td data-label="Schedule" data-testid="schedule-name">${schedule.name}<br><small>#${schedule.id}</small></td>
<td data-label="Action type" data-testid="schedule-action">${schedule.actionType}</td>
<td data-label="Cloud preference" data-testid="schedule-cloud-preference">${schedule.cloudPreference}</td>
<td data-label="Frequency" data-testid="schedule-frequency">${describeFrequency(schedule)}</td>
<td data-label="Enabled" data-testid="schedule-enabled">${schedule.enabled ? 'yes' : 'no'}</td>
<td data-label="Next run">${renderTime(schedule.nextRun, timeZone)}</td>
<td data-label="Last job">${
      schedule.lastJob === null
        ? html`<span class="muted">none</span>`
        : html`<a href="${jobPagePath(schedule.lastJob.id)}">${renderStatus(schedule.lastJob.status)}</a>`
    }</td>
</tr>`,
  );
  return html`<div class="scroll"><table data-testid="schedules-table">
<thead><tr><th scope="col">Schedule</th><th scope="col">Action type</th><th scope="col">Cloud preference</th><th scope="col">Frequency</th><th scope="col">Enabled</th><th scope="col">Next run</th><th scope="col">Last job</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`;
}

function describeFrequency(schedule: ScheduleOverview): string {
  if (schedule.frequency !== 'custom') return schedule.frequency;
  return schedule.intervalDays === null ? 'custom' : `every ${schedule.intervalDays} days`;
}
