import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '#adapters/http/dashboard/html.js';
import { renderJobPage } from '#adapters/http/dashboard/job-page.js';
import { renderJobsPage } from '#adapters/http/dashboard/jobs-page.js';
import { renderRefusalPage } from '#adapters/http/dashboard/notice-pages.js';
import { renderTime } from '#adapters/http/dashboard/view-parts.js';
import { jobView, SAMPLE, scheduleOverview } from './fixtures.js';

const REFRESH = /<meta http-equiv="refresh" content="(\d+)"/;

describe('dashboard views', () => {
  it('writes a time as date, time and zone, the date kept on one line', () => {
    // Act
    const shown = renderTime('2026-03-02T09:00:05Z').text;
    const withMilliseconds = renderTime('2026-03-02T09:00:05.250Z').text;

    // Assert
    expect(shown).toBe(
      '<time datetime="2026-03-02T09:00:05Z" title="UTC"><span class="date">2026-03-02</span> 09:00:05 UTC</time>',
    );
    expect(withMilliseconds).toContain('</span> 09:00:05 UTC</time>');
    expect(renderTime(undefined).text).toContain('—');
  });

  it("shows times on the site's clock, as Moodle does, and keeps the UTC instant for machines", () => {
    // Act: London in winter (GMT), in summer (BST), and a zone an hour ahead of it across the date line of midnight.
    const winter = renderTime('2026-03-02T09:00:05Z', 'Europe/London').text;
    const summer = renderTime('2026-07-02T09:00:05Z', 'Europe/London').text;
    const paris = renderTime('2026-07-02T23:30:00Z', 'Europe/Paris').text;

    // Assert
    expect(winter).toBe(
      '<time datetime="2026-03-02T09:00:05Z" title="Europe/London"><span class="date">2026-03-02</span> 09:00:05 GMT</time>',
    );
    expect(summer).toContain('<span class="date">2026-07-02</span> 10:00:05 BST</time>');
    expect(summer).toContain('datetime="2026-07-02T09:00:05Z"');
    expect(paris).toContain('<span class="date">2026-07-03</span> 01:30:00 CEST</time>');
  });

  it('titles a job page with its schedule and run time in the site zone, not the raw job id', () => {
    // Arrange
    const job = jobView({ runSlot: '2026-07-02T08:00:00Z' });
    const model = { job, failedRecipients: [], failedLimit: 200, refreshSeconds: 10, timeZone: 'Europe/London' };

    // Act
    const named = renderJobPage({ ...model, scheduleName: 'Weekly safety reminder' }).text;
    const unnamed = renderJobPage({ ...model, scheduleName: undefined }).text;

    // Assert
    expect(named).toContain('<title>Weekly safety reminder · run of 2026-07-02 09:00 BST · ManiReports cloud</title>');
    expect(named).toContain('<h1>Weekly safety reminder · run of 2026-07-02 09:00 BST</h1>');
    expect(unnamed).toContain(`<title>Schedule ${job.scheduleId} · run of 2026-07-02 09:00 BST`);
    expect(named).not.toMatch(/<title>[^<]*schedule-\d+-slot/);
    // The job id stays on the page, out of the title.
    expect(named).toContain(`data-testid="job-id">Job <code>${job.id}</code>`);
  });

  it('escapes a schedule name and a failure reason that carry markup', () => {
    // Arrange
    const name = '<script>alert("x")</script> & co';
    const job = jobView();

    // Act
    const jobs = renderJobsPage({ jobs: [job], schedules: [scheduleOverview({ name })], refreshSeconds: 10 }).text;
    const detail = renderJobPage({
      job,
      scheduleName: name,
      failedRecipients: [{ userId: 5, status: 'failed', attempts: 1, reason: '<img src=x onerror=alert(1)>' }],
      failedLimit: 200,
      refreshSeconds: 10,
    }).text;

    // Assert
    for (const page of [jobs, detail]) {
      expect(page).not.toContain('<script>');
      expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    }
    expect(detail).not.toContain('<img');
    expect(detail).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes quotes in attribute values and leaves trusted markup alone', () => {
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
    expect(html`<a href="${'/x" onclick="y'}">${html`<b>${'<i>'}</b>`}</a>`.text).toBe(
      '<a href="/x&quot; onclick=&quot;y"><b>&lt;i&gt;</b></a>',
    );
  });

  it('shows sent, failed and total as numbers and as bar segments in proportion', () => {
    // Arrange
    const job = jobView({ counts: { total: 40, sent: 10, failed: 2 } });

    // Act
    const page = renderJobsPage({ jobs: [job], schedules: [], refreshSeconds: 10 }).text;

    // Assert
    expect(page).toContain('<span data-testid="count-sent">10</span> sent');
    expect(page).toContain('<span data-testid="count-failed">2</span> failed');
    expect(page).toContain('<span data-testid="count-total">40</span> total');
    expect(page).toContain('<rect class="bar-sent" x="0" y="0" width="250" height="10">');
    expect(page).toContain('<rect class="bar-failed" x="250" y="0" width="50" height="10">');
    expect(page).toContain('aria-label="10 sent, 2 failed of 40"');
  });

  it('shows unsent recipients of a job whose work was gone, on the list and on the job page, and none otherwise', () => {
    // Arrange
    const ended = jobView({ counts: { total: 40, sent: 15, failed: 0, unsent: 25 } });
    const clean = jobView({ counts: { total: 40, sent: 40, failed: 0 } });

    // Act
    const list = renderJobsPage({ jobs: [ended, clean], schedules: [], refreshSeconds: 10 }).text;
    const detail = renderJobPage({
      job: ended,
      scheduleName: 'S',
      failedRecipients: [],
      failedLimit: 2,
      refreshSeconds: 10,
    }).text;

    // Assert
    expect(list.match(/data-testid="count-unsent"/g)).toHaveLength(1);
    expect(list).toContain('<span data-testid="count-unsent" class="unsent">25</span> unsent');
    expect(detail).toContain('<dt>unsent</dt><dd data-testid="counter-unsent">25</dd>');
  });

  it('draws an empty bar for a job with no recipients yet', () => {
    const page = renderJobsPage({
      jobs: [jobView({ counts: { total: 0, sent: 0, failed: 0 } })],
      schedules: [],
      refreshSeconds: 10,
    }).text;

    expect(page).toContain('<rect class="bar-sent" x="0" y="0" width="0" height="10">');
  });

  it('shows the schedule name, route and reason for each job, and links to its page', () => {
    // Act
    const page = renderJobsPage({ ...SAMPLE, refreshSeconds: 10 }).text;

    // Assert
    expect(page).toContain('Course completion certificates');
    expect(page).toContain('auto: 73 eligible recipients ≥ threshold 50');
    expect(page).toContain('href="/dashboard/jobs/schedule-7-slot-1772438400"');
    expect(page).toContain('every 3 days');
  });

  it('refreshes itself while a job it shows is running, and not once every job is final', () => {
    // Act
    const running = renderJobsPage({ ...SAMPLE, refreshSeconds: 15 }).text;
    const final = renderJobsPage({ jobs: [jobView({ status: 'completed' })], schedules: [], refreshSeconds: 15 }).text;
    const runningJob = renderJobPage({
      job: jobView({ status: 'queued' }),
      scheduleName: undefined,
      failedRecipients: [],
      failedLimit: 200,
      refreshSeconds: 15,
    }).text;
    const finalJob = renderJobPage({
      job: jobView({ status: 'delegated_local' }),
      scheduleName: undefined,
      failedRecipients: [],
      failedLimit: 200,
      refreshSeconds: 15,
    }).text;

    // Assert
    expect(REFRESH.exec(running)?.[1]).toBe('15');
    expect(REFRESH.exec(runningJob)?.[1]).toBe('15');
    expect(final).not.toMatch(REFRESH);
    expect(finalJob).not.toMatch(REFRESH);
  });

  it('says so when a job has no failed recipients, and when the list is cut at the limit', () => {
    // Act
    const none = renderJobPage({
      job: jobView(),
      scheduleName: 'S',
      failedRecipients: [],
      failedLimit: 2,
      refreshSeconds: 10,
    }).text;
    const cut = renderJobPage({
      job: jobView(),
      scheduleName: 'S',
      failedRecipients: [
        { userId: 1, status: 'failed', attempts: 1, reason: 'a' },
        { userId: 2, status: 'failed', attempts: 1, reason: 'b' },
      ],
      failedLimit: 2,
      refreshSeconds: 10,
    }).text;

    // Assert
    expect(none).toContain('No failed recipients.');
    expect(none).not.toContain('failed-recipients-table');
    expect(cut).toContain('Showing the first 2 failed recipients.');
  });

  it('shows no job data on the refusal page', () => {
    const page = renderRefusalPage().text;

    expect(page).toContain('Link expired or invalid');
    expect(page).not.toMatch(/schedule-|job-row|count-/);
  });
});
