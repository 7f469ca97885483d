/**
 * The dashboard steps in real headless Chromium, for any served dashboard and its data: the signed link opens it,
 * the jobs show the counts the data holds, a click from another site's page leads through to a job's failed
 * recipients, and an expired link shows the refusal and nothing else. Every expectation is read from the data, so
 * the same steps run against the in-memory data (dashboard-browser.test.ts) and against a real local run.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlResponse } from '#adapters/http/http-message.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { FINAL_JOB_STATUSES } from '#domain/cloud-job.js';
import type { DashboardData } from '#domain/dashboard-data.js';
import { signDashboardLink } from '#domain/dashboard-link.js';
import { launchChromium } from './browser.js';
import { type RunningRouteServer, startRouteServer } from './route-server.js';

/** A served dashboard and the data behind it. */
export interface DashboardUnderTest {
  /** Where the dashboard routes answer, e.g. `http://127.0.0.1:PORT` (no trailing slash). */
  baseUrl: string;
  /** The current secret the server verifies links with. */
  secret: string;
  /** The data the server reads; the expectations come from it. */
  data: DashboardData;
  close(): Promise<void>;
}

/** The one browser global the steps read (the project compiles without the DOM library). */
interface BrowserWindow {
  getComputedStyle(element: unknown): { fill: string };
}

const clock = () => Math.floor(Date.now() / 1000);

/** Registers the browser steps under `title` against the dashboard `start` serves. */
export function describeDashboardInBrowser(title: string, start: () => Promise<DashboardUnderTest>): void {
  describe(title, () => {
    let browser: Browser;
    let target: DashboardUnderTest;
    let data: DashboardData;
    let secret: string;
    let dashboard: { baseUrl: string };
    /** A stand-in for Moodle on another site (`localhost` vs `127.0.0.1`), to follow the link as an admin would. */
    let moodle: RunningRouteServer;
    let moodleUrl: string;

    /** Why Chromium did not start: every step fails with it (a failed beforeAll alone reports the steps skipped). */
    let launchError: unknown;

    beforeAll(async () => {
      browser = await launchChromium().catch((error: unknown) => {
        launchError = error;
        return undefined as unknown as Browser;
      });
      target = await start();
      ({ data, secret } = target);
      dashboard = { baseUrl: target.baseUrl };
      moodle = await startRouteServer(
        makeHttpRouter([
          {
            method: 'GET',
            pattern: '/moodle',
            handle: async () =>
              htmlResponse(
                200,
                `<a id="open" href="${target.baseUrl}${signDashboardLink(secret, clock() + 600)}">Jobs</a>`,
              ),
          },
        ]),
      );
      const otherHost = new URL(target.baseUrl).hostname === 'localhost' ? '127.0.0.1' : 'localhost';
      moodleUrl = `${moodle.baseUrl.replace('127.0.0.1', otherHost)}/moodle`;
    });

    afterAll(async () => {
      await browser?.close();
      await target?.close();
      await moodle?.close();
    });

    async function newPage(): Promise<Page> {
      if (launchError !== undefined) throw launchError;
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      return context.newPage();
    }

    /** Every job row's counters as the page shows them, by job id. */
    async function shownCounts(page: Page) {
      const rows = page.getByTestId('job-row');
      const shown: Record<string, { sent: string; failed: string; total: string; status: string }> = {};
      for (const row of await rows.all()) {
        shown[(await row.getAttribute('data-job-id')) ?? ''] = {
          sent: (await row.getByTestId('count-sent').textContent()) ?? '',
          failed: (await row.getByTestId('count-failed').textContent()) ?? '',
          total: (await row.getByTestId('count-total').textContent()) ?? '',
          status: (await row.getByTestId('job-status').textContent()) ?? '',
        };
      }
      return shown;
    }

    it('opens from the signed link, drops the signature from the address, and shows every job with its counts', async () => {
      // Arrange
      const page = await newPage();
      const jobs = await data.listRecentJobs(50);
      const schedules = await data.listSchedules();

      // Act
      const response = await page.goto(`${dashboard.baseUrl}${signDashboardLink(secret, clock() + 600)}`);

      // Assert
      expect(response?.status()).toBe(200);
      expect(page.url()).toBe(`${dashboard.baseUrl}/dashboard`);
      expect(await shownCounts(page)).toEqual(
        Object.fromEntries(
          jobs.map((job) => [
            job.id,
            {
              sent: String(job.counts.sent),
              failed: String(job.counts.failed),
              total: String(job.counts.total),
              status: job.status.replaceAll('_', ' '),
            },
          ]),
        ),
      );
      await expect(page.getByTestId('schedule-row').count()).resolves.toBe(schedules.length);
      for (const schedule of schedules) {
        const row = page.locator(`[data-testid="schedule-row"][data-schedule-id="${schedule.id}"]`);
        await expect(row.getByTestId('schedule-name').textContent()).resolves.toContain(schedule.name);
        await expect(row.getByTestId('schedule-cloud-preference').textContent()).resolves.toBe(
          schedule.cloudPreference,
        );
      }
      await page.context().close();
    });

    it('is styled under its strict content security policy and refreshes itself while a job runs', async () => {
      // Arrange
      const page = await newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') violations.push(message.text());
      });

      const active = (await data.listRecentJobs(50)).some((job) => !FINAL_JOB_STATUSES.includes(job.status));

      // Act
      await page.goto(`${dashboard.baseUrl}${signDashboardLink(secret, clock() + 600)}`);
      const sentFill = await page
        .getByTestId('progress-bar')
        .first()
        .locator('.bar-sent')
        .evaluate((rect) => (globalThis as unknown as BrowserWindow).getComputedStyle(rect).fill);

      // Assert: the inline stylesheet applied (its hash is in the policy), and nothing was blocked
      expect(sentFill).toBe('rgb(26, 127, 55)');
      expect(violations).toEqual([]);
      await expect(page.locator('#auto-refresh').count()).resolves.toBe(active ? 1 : 0);
      await page.context().close();
    });

    // Arriving from another site is what decides the cookie's SameSite: with Strict this lands on the refusal.
    it("follows the link from Moodle's site and drills down to a job's failed recipients", async () => {
      // Arrange
      const page = await newPage();
      const jobs = await data.listRecentJobs(50);
      // A job with failures when there is one, so the drill-down shows reasons; else any job and its empty list.
      const job = jobs.find((candidate) => candidate.counts.failed > 0) ?? jobs[0];
      if (job === undefined) throw new Error('the dashboard data has no job to drill down to');
      const failed = await data.listFailedRecipients(job.id, 200);
      await page.goto(moodleUrl);

      // Act
      await page.locator('#open').click();
      await page.getByTestId('jobs-table').waitFor();
      await page.locator(`[data-testid="job-row"][data-job-id="${job.id}"]`).getByTestId('job-link').click();
      await page.getByTestId('job-summary').waitFor();

      // Assert
      expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/dashboard/jobs/${job.id}`);
      await expect(page.getByTestId('counter-failed').textContent()).resolves.toBe(String(job.counts.failed));
      await expect(page.getByTestId('job-route-explanation').textContent()).resolves.toBe(job.routeExplanation);
      const rows = page.getByTestId('failed-recipient-row');
      await expect(rows.count()).resolves.toBe(failed.length);
      await expect(page.getByTestId('no-failed-recipients').count()).resolves.toBe(failed.length === 0 ? 1 : 0);
      for (const recipient of failed) {
        const row = page.locator(`[data-testid="failed-recipient-row"][data-user-id="${recipient.userId}"]`);
        await expect(row.getByTestId('failed-reason').textContent()).resolves.toBe(recipient.reason ?? '—');
      }
      await page.getByTestId('back-link').click();
      await page.getByTestId('jobs-table').waitFor();
      await page.context().close();
    });

    it('refuses an expired link and shows no data, and the job pages stay closed without a session', async () => {
      // Arrange
      const page = await newPage();
      const [job] = await data.listRecentJobs(1);

      // Act
      const refused = await page.goto(`${dashboard.baseUrl}${signDashboardLink(secret, clock() - 60)}`);
      const refusedText = await page.locator('body').textContent();
      const jobPage = await page.goto(`${dashboard.baseUrl}/dashboard/jobs/${encodeURIComponent(job?.id ?? 'x')}`);

      // Assert
      expect(refused?.status()).toBe(401);
      expect(refusedText).toContain('This dashboard link has expired or is not valid.');
      expect(refusedText).not.toContain(job?.id ?? 'no job');
      await expect(page.getByTestId('job-row').count()).resolves.toBe(0);
      expect(jobPage?.status()).toBe(401);
      await expect(page.getByTestId('refusal').isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('job-summary').count()).resolves.toBe(0);
      await page.context().close();
    });
  });
}
