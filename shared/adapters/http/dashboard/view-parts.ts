/** Small pieces shared by the dashboard pages: times, statuses, progress bars, links. */
import { FINAL_JOB_STATUSES, type JobStatus } from '#domain/cloud-job.js';
import type { JobView } from '#domain/job-view.js';
import { html, type SafeHtml } from './html.js';

/** `2026-03-02 09:00:05 UTC` in a `<time>` element, or a dash when there is no time. */
export function renderTime(iso: string | null | undefined): SafeHtml {
  if (iso === null || iso === undefined) return html`<span class="muted">—</span>`;
  const [date, time = ''] = iso.split('T');
  const readableTime = time.replace(/(\.\d+)?Z$/, ' UTC');
  // The date never breaks at its hyphens; a narrow column wraps between the date and the time instead.
  return html`<time datetime="${iso}"><span class="date">${date ?? ''}</span> ${readableTime}</time>`;
}

/** A job status in words, styled by its value. */
export function renderStatus(status: JobStatus): SafeHtml {
  return html`<span class="status status-${status}" data-testid="job-status">${status.replaceAll('_', ' ')}</span>`;
}

/** Whether a job can still change, so a page that shows it should refresh itself. */
export function isJobActive(job: Pick<JobView, 'status'>): boolean {
  return !FINAL_JOB_STATUSES.includes(job.status);
}

/** The path of a job's page. */
export function jobPagePath(jobId: string): string {
  return `/dashboard/jobs/${encodeURIComponent(jobId)}`;
}

const BAR_WIDTH = 1000;

/**
 * A stacked bar (sent, then failed, over the total) drawn in SVG — geometry in attributes, not inline styles, so
 * the strict content security policy holds — followed by the same numbers as text.
 */
/** Recipients never mailed because the job's work was gone: shown only when there are any (see docs/pipeline-design.md). */
function renderUnsent(unsent: number): SafeHtml | string {
  return unsent > 0 ? html` · <span data-testid="count-unsent" class="unsent">${unsent}</span> unsent` : '';
}

export function renderProgress(counts: JobView['counts']): SafeHtml {
  const { sent, failed, total } = counts;
  const scale = total > 0 ? BAR_WIDTH / total : 0;
  const sentWidth = Math.min(BAR_WIDTH, Math.round(sent * scale));
  const failedWidth = Math.min(BAR_WIDTH - sentWidth, Math.round(failed * scale));
  const label = `${sent} sent, ${failed} failed of ${total}`;
  return html`<svg class="bar" viewBox="0 0 ${BAR_WIDTH} 10" preserveAspectRatio="none" role="img" aria-label="${label}" data-testid="progress-bar">
<rect class="bar-track" x="0" y="0" width="${BAR_WIDTH}" height="10"></rect>
<rect class="bar-sent" x="0" y="0" width="${sentWidth}" height="10"></rect>
<rect class="bar-failed" x="${sentWidth}" y="0" width="${failedWidth}" height="10"></rect>
</svg>
<span class="numbers"><span data-testid="count-sent">${sent}</span> sent · <span data-testid="count-failed">${failed}</span> failed · <span data-testid="count-total">${total}</span> total${renderUnsent(counts.unsent)}</span>`;
}
