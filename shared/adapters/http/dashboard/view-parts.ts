/** Small pieces shared by the dashboard pages: times, statuses, progress bars, links. */
import { FINAL_JOB_STATUSES, type JobStatus } from '#domain/cloud-job.js';
import type { JobView } from '#domain/job-view.js';
import { html, type SafeHtml } from './html.js';

/**
 * An instant on the site's clock, as Moodle shows times in the site's zone: `2026-03-02 09:00:05 GMT` in a `<time>`
 * element whose `datetime` keeps the UTC instant (and whose title names the zone), or a dash when there is no time.
 *
 * @param iso an ISO instant, as the status API gives it (`2026-03-02T09:00:05Z`).
 * @param timeZone the site's zone (`Europe/London`). @default 'UTC'
 */
export function renderTime(iso: string | null | undefined, timeZone = 'UTC'): SafeHtml {
  if (iso === null || iso === undefined) return html`<span class="muted">—</span>`;
  const local = wallClock(iso, timeZone);
  if (local === undefined) return html`<time datetime="${iso}">${iso}</time>`;
  // The date never breaks at its hyphens; a narrow column wraps between the date and the time instead.
  return html`<time datetime="${iso}" title="${timeZone}"><span class="date">${local.date}</span> ${local.time} ${local.zone}</time>`;
}

/** A run slot for a title: `2026-03-02 09:00 GMT` in the site's zone (the ISO instant if the zone is unusable). */
export function formatRunSlot(iso: string, timeZone = 'UTC'): string {
  const local = wallClock(iso, timeZone);
  return local === undefined ? iso : `${local.date} ${local.time.slice(0, 5)} ${local.zone}`;
}

/** The date, time and zone abbreviation (`GMT`, `BST`, `UTC+02:00`) of `iso` in `timeZone`; undefined if unusable. */
function wallClock(iso: string, timeZone: string): { date: string; time: string; zone: string } | undefined {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return undefined;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).formatToParts(instant);
  } catch {
    return undefined; // an unknown zone: the caller shows the ISO instant as it is
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}:${part('second')}`,
    zone: part('timeZoneName'),
  };
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
