/**
 * `GET /dashboard/jobs/{id}`: one job's counters, times and route, and its failed recipients with the reasons.
 * Reloads itself while the job can still change.
 */
import type { RecipientView } from '#domain/dashboard-data.js';
import type { JobView } from '#domain/job-view.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './page-layout.js';
import { formatRunSlot, isJobActive, renderProgress, renderStatus, renderTime } from './view-parts.js';

export interface JobPageModel {
  job: JobView;
  /** The schedule's name, when the schedule is still known. */
  scheduleName: string | undefined;
  failedRecipients: readonly RecipientView[];
  /** How many failed recipients were asked for; reaching it means there may be more. */
  failedLimit: number;
  refreshSeconds: number;
  /** The site's zone, which every time is shown in. @default 'UTC' */
  timeZone?: string;
}

const COUNTERS = [
  'total',
  'sent',
  'failed',
  'skipped',
  'unconfirmed',
  'unsent',
  'suppressed',
  'certificates',
  'bounced',
  'complained',
] as const;

export function renderJobPage(model: JobPageModel): SafeHtml {
  const { job } = model;
  const active = isJobActive(job);
  const zone = model.timeZone ?? 'UTC';
  const name = model.scheduleName ?? `Schedule ${job.scheduleId}`;
  return renderPage({
    // A person's title: which schedule and which run, never the raw job id (it stays in the page, for support).
    title: `${name} · run of ${formatRunSlot(job.runSlot, zone)}`,
    refreshSeconds: active ? model.refreshSeconds : undefined,
    body: html`<p><a href="/dashboard" data-testid="back-link">← All jobs</a></p>
<section aria-labelledby="job-heading" data-testid="job-summary" data-job-id="${job.id}">
<h2 id="job-heading">${name}</h2>
<p class="muted" data-testid="job-id">Job <code>${job.id}</code> · schedule #${job.scheduleId} · times in ${zone}</p>
<dl>
<dt>Status</dt><dd>${renderStatus(job.status)}</dd>
<dt>Progress</dt><dd>${renderProgress(job.counts)}</dd>
<dt>Action</dt><dd data-testid="job-action">${job.actionType}</dd>
<dt>Route</dt><dd data-testid="job-route">${job.route} <small>(${job.routeReason.replaceAll('_', ' ')})</small></dd>
<dt>Why</dt><dd data-testid="job-route-explanation">${job.routeExplanation}</dd>
<dt>Run slot</dt><dd>${renderTime(job.runSlot, zone)}</dd>
<dt>Created</dt><dd>${renderTime(job.createdAt, zone)}</dd>
<dt>Started</dt><dd>${renderTime(job.startedAt, zone)}</dd>
<dt>Completed</dt><dd>${renderTime(job.completedAt, zone)}</dd>
${job.lastError === undefined ? '' : html`<dt>Last error</dt><dd data-testid="job-last-error">${job.lastError}</dd>`}
</dl>
</section>
<section aria-labelledby="counts-heading">
<h2 id="counts-heading">Counts</h2>
<dl data-testid="job-counts">
${COUNTERS.map((name) => html`<dt>${name}</dt><dd data-testid="counter-${name}">${job.counts[name]}</dd>`)}
</dl>
</section>
<section aria-labelledby="failed-heading">
<h2 id="failed-heading">Failed recipients</h2>
${renderFailedRecipients(model.failedRecipients, model.failedLimit, zone)}
</section>`,
  });
}

function renderFailedRecipients(recipients: readonly RecipientView[], limit: number, zone: string): SafeHtml {
  if (recipients.length === 0) {
    return html`<p class="notice" data-testid="no-failed-recipients">No failed recipients.</p>`;
  }
  const rows = recipients.map(
    (recipient) => html`<tr data-testid="failed-recipient-row" data-user-id="${recipient.userId}">
<td data-label="User id">${recipient.userId}</td>
<td data-label="Attempts">${recipient.attempts}</td>
<td data-label="Reason" data-testid="failed-reason">${recipient.reason ?? html`<span class="muted">—</span>`}</td>
<td data-label="Delivery">${recipient.delivery ?? ''}</td>
<td data-label="Updated">${renderTime(recipient.updatedAt, zone)}</td>
</tr>`,
  );
  return html`${recipients.length >= limit ? html`<p class="muted" data-testid="failed-truncated">Showing the first ${limit} failed recipients.</p>` : ''}
<div class="scroll"><table data-testid="failed-recipients-table">
<thead><tr><th scope="col">User id</th><th scope="col">Attempts</th><th scope="col">Reason</th><th scope="col">Delivery</th><th scope="col">Updated</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`;
}
