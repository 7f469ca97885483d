/**
 * `GET /dashboard`: the recent jobs (status, progress, route and reason) and the schedules table. Reloads itself
 * while any job it shows can still change.
 */
import type { ScheduleOverview } from '#domain/dashboard-data.js';
import type { JobView } from '#domain/job-view.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './page-layout.js';
import { renderSchedulesTable } from './schedules-table.js';
import { isJobActive, jobPagePath, renderProgress, renderStatus, renderTime } from './view-parts.js';

export interface JobsPageModel {
  /** Newest first. */
  jobs: readonly JobView[];
  schedules: readonly ScheduleOverview[];
  /** Seconds between reloads while a job is active. */
  refreshSeconds: number;
  /** The site's zone, which every time is shown in. @default 'UTC' */
  timeZone?: string;
}

export function renderJobsPage(model: JobsPageModel): SafeHtml {
  const names = new Map(model.schedules.map((schedule) => [schedule.id, schedule.name]));
  const active = model.jobs.some(isJobActive);
  const zone = model.timeZone ?? 'UTC';
  return renderPage({
    title: 'Cloud jobs',
    refreshSeconds: active ? model.refreshSeconds : undefined,
    body: html`<section aria-labelledby="jobs-heading">
<h2 id="jobs-heading">Recent jobs</h2>
${active ? html`<p class="muted" data-testid="refresh-note">Jobs are running; this page refreshes every ${model.refreshSeconds} seconds.</p>` : ''}
${model.jobs.length === 0 ? html`<p class="notice" data-testid="no-jobs">No jobs yet.</p>` : renderJobsTable(model.jobs, names, zone)}
</section>
<section aria-labelledby="schedules-heading">
<h2 id="schedules-heading">Schedules</h2>
${renderSchedulesTable(model.schedules, zone)}
</section>`,
  });
}

function renderJobsTable(jobs: readonly JobView[], names: ReadonlyMap<number, string>, zone: string): SafeHtml {
  const rows = jobs.map(
    (job) => html`<tr data-testid="job-row" data-job-id="${job.id}">
<td data-label="Schedule" data-testid="job-schedule">${names.get(job.scheduleId) ?? `Schedule ${job.scheduleId}`}<br><small>#${job.scheduleId}</small></td>
<td data-label="Action" data-testid="job-action">${job.actionType}</td>
<td data-label="Route and reason" data-testid="job-route">${job.route}<br><small>${job.routeExplanation}</small></td>
<td data-label="Status">${renderStatus(job.status)}</td>
<td data-label="Progress">${renderProgress(job.counts)}</td>
<td data-label="Created">${renderTime(job.createdAt, zone)}</td>
<td data-label="Completed">${renderTime(job.completedAt, zone)}</td>
<td><a href="${jobPagePath(job.id)}" data-testid="job-link">Details</a></td>
</tr>`,
  );
  return html`<div class="scroll"><table data-testid="jobs-table">
<thead><tr><th scope="col">Schedule</th><th scope="col">Action</th><th scope="col">Route and reason</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col">Created</th><th scope="col">Completed</th><th scope="col"><span class="muted">Job</span></th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`;
}
