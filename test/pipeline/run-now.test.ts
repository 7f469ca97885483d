/**
 * Run now, end to end on the real stores and queues: Moodle's `schedule.run_now` goes through the webhook's use case
 * and the planner starts the run — claimed once however many planners race or however often the request comes
 * back — without touching the schedule's regular slots, with the schedule's own template in the mail.
 */
import { describe, expect, it } from 'vitest';
import { jobIdFor } from '#domain/cloud-job.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { EXPECTED_AUDIENCES } from '../bridge/demo-expectations.js';
import { makeClock, type Pipeline, usePipelines } from './harness.js';
import { MONDAY_12_0830, SLOT_12_0800 } from './moments.js';
import { recipientIds, sorted } from './queue-helpers.js';
import { failingTrigger, scheduleEvent, webhookOn } from './run-now-support.js';

const pipelines = usePipelines();

/** 09:30, an hour after the weekly schedule 2 ran its 08:00 slot: nothing regular is due. */
const AT = MONDAY_12_0830 + 3600;
/** Moodle's admin pressed "run now" at 09:29:50. */
const PRESSED = '2026-01-12T09:29:50Z';
const RUN_NOW_SLOT = Date.parse(PRESSED) / 1000;
const RUN_NOW_JOB = jobIdFor(2, RUN_NOW_SLOT);

/** Sends every queued email message through one worker until the queue is empty. */
async function sendAllMail(p: Pipeline, clock: () => number): Promise<void> {
  const worker = p.emailWorker({ clock });
  for (let queued = await p.receive('email'); queued.length > 0; queued = await p.receive('email')) {
    for (const { body } of queued) await worker(parseWorkMessage(body));
  }
}

describe('run now', () => {
  it('is claimed once by two racing planners and again after a redelivered request, leaving the regular slots', async () => {
    // Arrange: the regular 08:00 run of schedule 2 has happened.
    const p = await pipelines.create();
    const servers = pipelines.servers();
    await servers.moodle.useSchedules([2]);
    const clock = makeClock(MONDAY_12_0830);
    await p.planner({ owner: 'tick-0830', clock })(MONDAY_12_0830);
    await sendAllMail(p, clock);
    const regularState = await p.runState.get(2);
    clock.advance(3600);
    const webhook = webhookOn(servers, p, clock);
    const accepted = await webhook(scheduleEvent('schedule.run_now', 2, 'evt-run-1', PRESSED));

    // Act
    const planners = ['planner-a', 'planner-b'].map((owner) => p.planner({ owner, clock }));
    const reports = await Promise.all(planners.map((planDueRuns) => planDueRuns(AT)));
    const queued = await p.receive('email');

    // Assert
    expect(accepted).toMatchObject({ status: 'accepted', runRequested: true });
    const jobs = await p.listJobs();
    expect(jobs.map((job) => job.jobId).sort()).toEqual([jobIdFor(2, SLOT_12_0800), RUN_NOW_JOB]);
    const runNow = jobs.find((job) => job.jobId === RUN_NOW_JOB);
    expect(runNow).toMatchObject({ status: 'running', route: 'cloud', runSlot: RUN_NOW_SLOT, createdAt: AT });
    expect(runNow?.counts.total).toBe(EXPECTED_AUDIENCES[2]?.eligible.length);
    // Every recipient once: the second planner found the job claimed (or its fan-out leased) and sent nothing.
    expect(sorted(recipientIds(queued))).toEqual(EXPECTED_AUDIENCES[2]?.eligible);
    expect(queued.every(({ message }) => message.jobId === RUN_NOW_JOB)).toBe(true);
    const outcomes = reports.flatMap((report) => report.runRequests.map((request) => request.outcome)).sort();
    expect(outcomes[1]).toBe('fanned_out');
    expect(['fan_out_busy', 'running', 'fanned_out']).toContain(outcomes[0]);
    // The regular slots are untouched: same last slot, next run and last job as before the run-now.
    expect(await p.runState.get(2)).toEqual(regularState);
    expect(reports.flatMap((report) => report.schedules.map((s) => s.outcome))).toEqual(['not_due', 'not_due']);

    // Act: the run finishes; the next tick sees it final and removes the request.
    for (const { message } of queued) await p.emailWorker({ clock })(message);
    clock.advance(60);
    const afterRun = await p.planner({ owner: 'tick-0931', clock })(clock());
    // The same request stored again (a webhook delivery that failed after storing it and was retried).
    const request = { scheduleId: 2, eventId: 'evt-run-1', occurredAtMs: RUN_NOW_SLOT * 1000 };
    await p.snapshots.requestRun({ ...request, requestedAt: clock(), expiresAt: clock() + 3600 });
    clock.advance(60);
    const afterRedelivery = await p.planner({ owner: 'tick-0932', clock })(clock());

    // Assert
    expect(afterRun.runRequests).toEqual([
      { scheduleId: 2, eventId: 'evt-run-1', jobId: RUN_NOW_JOB, outcome: 'finished' },
    ]);
    expect(afterRedelivery.runRequests).toEqual([
      { scheduleId: 2, eventId: 'evt-run-1', jobId: RUN_NOW_JOB, outcome: 'finished' },
    ]);
    expect((await p.listJobs()).map((job) => [job.jobId, job.status]).sort()).toEqual([
      [jobIdFor(2, SLOT_12_0800), 'completed'],
      [RUN_NOW_JOB, 'completed'],
    ]);
    expect(await p.receive('email')).toEqual([]);
    expect(await p.snapshots.listPendingRunRequests()).toEqual([]);
    // Two runs, each recipient mailed once per run.
    expect((await p.sentMail()).length).toBe(2 * (EXPECTED_AUDIENCES[2]?.eligible.length ?? 0));
    expect(await webhook(scheduleEvent('schedule.run_now', 2, 'evt-run-1', PRESSED))).toEqual({
      status: 'duplicate',
      eventId: 'evt-run-1',
    });
  });

  it("mails the schedule's own subject and message, escaped in the HTML part like a default template", async () => {
    // Arrange
    const p = await pipelines.create();
    const servers = pipelines.servers();
    await servers.moodle.useSchedules([2]);
    const clock = makeClock(AT);
    // The regular 08:00 run is taken (its messages discarded), so only the run-now mails.
    await p.planner({ owner: 'tick-0830', clock })(MONDAY_12_0830);
    await p.receive('email');
    const template = {
      subject: 'Run now: {coursename}',
      message: 'Hi {firstname},\n\nPlease finish <b>{coursename}</b> today & tomorrow.',
    };
    await webhookOn(servers, p, clock)(scheduleEvent('schedule.run_now', 2, 'evt-run-2', PRESSED, template));

    // Act
    await p.planner({ owner: 'planner-a', clock })(AT);
    // Moodle changes the template while the run is under way: the run keeps the one it started with.
    const changed = { ...template, subject: 'Changed: {coursename}' };
    await webhookOn(
      servers,
      p,
      clock,
    )(scheduleEvent('schedule.updated', 2, 'evt-upd-2', '2026-01-12T09:30:05Z', changed));
    await sendAllMail(p, clock);

    // Assert
    const mail = await p.sentMail();
    expect(mail.length).toBe(EXPECTED_AUDIENCES[2]?.eligible.length);
    for (const sent of mail) {
      expect(sent.subject).toMatch(/^Run now: \S/);
      expect(sent.body.text?.trimEnd()).toMatch(
        /^Hi \S+,\n\nPlease finish <b>Workplace Safety<\/b> today & tomorrow\.$/,
      );
      if (sent.body.html !== undefined) {
        expect(sent.body.html).toContain('&lt;b&gt;');
        expect(sent.body.html).toContain('&lt;/b&gt; today &amp; tomorrow.');
        expect(sent.body.html).not.toContain('<b>');
      }
    }
    expect(mail.some((sent) => sent.body.html !== undefined)).toBe(true);
  });

  it('drops requests of schedules Moodle no longer returns and expired ones; a failed trigger fails no event', async () => {
    // Arrange
    const p = await pipelines.create();
    const servers = pipelines.servers();
    await servers.moodle.useSchedules([2]);
    const clock = makeClock(AT);
    const trigger = failingTrigger();
    const failures: number[] = [];
    const webhook = webhookOn(servers, p, clock, { trigger, onTriggerFailed: (id) => failures.push(id) });

    // A request for an enabled schedule, but older than the retention (TTL deletes it only eventually).
    const stale = Date.parse('2025-12-01T10:00:00Z');
    await p.snapshots.requestRun({
      scheduleId: 2,
      eventId: 'evt-old',
      occurredAtMs: stale,
      requestedAt: stale / 1000,
      expiresAt: stale / 1000 + 30 * 86_400,
    });

    // Act
    const accepted = await webhook(scheduleEvent('schedule.run_now', 4, 'evt-run-4', PRESSED));
    const report = await p.planner({ owner: 'planner-a', clock })(AT);

    // Assert
    expect(accepted).toMatchObject({ status: 'accepted', runRequested: true });
    expect([trigger.calls, failures]).toEqual([1, [4]]);
    expect(report.runRequests).toEqual([
      { scheduleId: 2, eventId: 'evt-old', outcome: 'dropped', reason: 'expired' },
      { scheduleId: 4, eventId: 'evt-run-4', outcome: 'dropped', reason: 'not_enabled' },
    ]);
    // Only schedule 2's regular 08:00 run: neither request made a job.
    expect((await p.listJobs()).map((job) => job.jobId)).toEqual([jobIdFor(2, SLOT_12_0800)]);
    expect(await p.snapshots.listPendingRunRequests()).toEqual([]);
  });
});
