/**
 * A worker that dies between settling a recipient and counting it leaves the job's counters one short. The planner
 * recounts a running job whose counters have stopped moving, and the job ends as its rows say.
 *
 * FAULT INJECTION: no server can kill a worker between two calls; `crashBeforeCounting` stands in for it.
 */
import { describe, expect, it } from 'vitest';
import { jobIdFor } from '#domain/cloud-job.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { CrashError, crashBeforeCounting } from './fault-injection.js';
import { makeClock, RECONCILE_AFTER_SECONDS, usePipelines } from './harness.js';
import { MONDAY_12_0830, SLOT_12_0800 } from './moments.js';

const pipelines = usePipelines();

describe('reconciling a job whose counters fell behind its rows', () => {
  it('recounts a stalled running job from its rows and completes it', async () => {
    // Arrange: schedule 2's six recipients; the worker dies after settling the first one, before counting it.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([2]);
    const clock = makeClock(MONDAY_12_0830);
    const planner = p.planner({ owner: 'planner', clock });
    await planner(MONDAY_12_0830);
    const [queued] = await p.receive('email');
    const body = queued?.body ?? expect.fail('expected an email message');
    const dying = p.emailWorker({ clock, jobs: crashBeforeCounting(p.jobs) });
    const crash = await dying(parseWorkMessage(body)).catch((error: unknown) => error);
    const redelivered = await p.emailWorker({ clock })(parseWorkMessage(body));
    const jobId = jobIdFor(2, SLOT_12_0800);
    const stuck = await p.jobs.getJob(jobId);

    // Act: a tick soon after changes nothing; a tick once the counters have been idle long enough recounts.
    clock.advance(60);
    await planner(MONDAY_12_0830 + 60);
    const early = await p.jobs.getJob(jobId);
    clock.advance(RECONCILE_AFTER_SECONDS);
    await planner(MONDAY_12_0830 + 60 + RECONCILE_AFTER_SECONDS);

    // Assert
    expect(crash).toBeInstanceOf(CrashError);
    expect(redelivered).toBe('done');
    expect(await p.sentMail()).toHaveLength(6);
    expect(stuck).toMatchObject({ status: 'running', counts: { total: 6, sent: 5 } });
    expect(early).toMatchObject({ status: 'running', counts: { sent: 5 } });
    expect(await p.jobs.getJob(jobId)).toMatchObject({ status: 'completed', counts: { total: 6, sent: 6, failed: 0 } });
  });
});
