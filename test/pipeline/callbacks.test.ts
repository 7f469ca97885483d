/**
 * Callbacks to Moodle from the real pipeline, read off the real callbacks queue: `run.delegated_local` when the
 * planner routes a run to Moodle, `job.completed` exactly once per job whoever finishes it (racing workers, the
 * reconciler's tick, a cancellation), and nothing at all when no callback queue is configured.
 */
import { describe, expect, it } from 'vitest';
import { jobIdFor } from '#domain/cloud-job.js';
import { isoFromEpochSeconds } from '#domain/job-view.js';
import type { WorkMessage } from '#domain/work-message.js';
import { makeClock, RECONCILE_AFTER_SECONDS, usePipelines } from './harness.js';
import { MONDAY_12_0830, MONDAY_19_0630, SLOT_12_0800, SLOT_18_0800 } from './moments.js';
import { scheduleEvent, webhookOn } from './run-now-support.js';

const pipelines = usePipelines();

/** The message's recipients split over two messages, so two workers can each settle half at the same time. */
function halves(message: WorkMessage): [WorkMessage, WorkMessage] {
  const middle = Math.ceil(message.recipients.length / 2);
  return [
    { ...message, recipients: message.recipients.slice(0, middle) },
    { ...message, recipients: message.recipients.slice(middle) },
  ];
}

describe('callbacks to Moodle', () => {
  it('tells Moodle to send a local-routed run itself, with the schedule’s next run', async () => {
    // Arrange: schedule 1 is `auto` below the threshold.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([1]);
    const clock = makeClock(MONDAY_19_0630);

    // Act
    await p.planner({ owner: 'planner-a', clock })(MONDAY_19_0630);
    await p.planner({ owner: 'planner-b', clock })(MONDAY_19_0630);

    // Assert: once, though two ticks looked at the run.
    const callbacks = await p.receiveCallbacks();
    const jobId = jobIdFor(1, SLOT_18_0800);
    const nextRun = (await p.runState.get(1))?.nextRun ?? 0;
    expect(callbacks).toEqual([
      {
        id: `run.delegated_local:${jobId}`,
        type: 'run.delegated_local',
        occurredAt: isoFromEpochSeconds(MONDAY_19_0630),
        job: expect.objectContaining({ id: jobId, status: 'delegated_local', route: 'local' }),
        schedule: { id: 1, nextRun: isoFromEpochSeconds(nextRun) },
      },
    ]);
    expect(nextRun).toBeGreaterThan(MONDAY_19_0630);
  });

  it('sends job.completed once when two workers settle the last recipients together and the planner ticks after', async () => {
    // Arrange: schedule 2 (forced cloud, 6 recipients in one message).
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([2]);
    const clock = makeClock(MONDAY_12_0830);
    await p.planner({ owner: 'planner-a', clock })(MONDAY_12_0830);
    const [queued] = await p.receive('email');
    if (queued === undefined) throw new Error('the planner enqueued nothing');
    const [first, second] = halves(queued.message);

    // Act: two workers at once, each message delivered twice.
    const workers = [p.emailWorker({ clock }), p.emailWorker({ clock })];
    await Promise.all([workers[0]?.(first), workers[1]?.(second), workers[1]?.(first), workers[0]?.(second)]);
    clock.advance(RECONCILE_AFTER_SECONDS + 60);
    await p.planner({ owner: 'planner-b', clock })(clock());

    // Assert
    const callbacks = await p.receiveCallbacks();
    const jobId = jobIdFor(2, SLOT_12_0800);
    expect(callbacks.map((callback) => [callback.id, callback.job.status, callback.job.counts.sent])).toEqual([
      [`job.completed:${jobId}`, 'completed', 6],
    ]);
    expect(callbacks[0]?.schedule).toEqual({ id: 2, nextRun: isoFromEpochSeconds(SLOT_12_0800 + 7 * 86_400) });
  });

  it('sends job.completed with status cancelled when Moodle disables the schedule mid-run, and nothing after', async () => {
    // Arrange
    const p = await pipelines.create();
    const servers = pipelines.servers();
    await servers.moodle.useSchedules([2]);
    const clock = makeClock(MONDAY_12_0830);
    await p.planner({ owner: 'planner-a', clock })(MONDAY_12_0830);
    const queued = await p.receive('email');

    // Act
    const disabled = scheduleEvent('schedule.updated', 2, 'evt-off', '2026-01-12T08:31:00Z', { enabled: 0 });
    await webhookOn(servers, p, clock)(disabled);
    for (const { message } of queued) await p.emailWorker({ clock })(message);

    // Assert
    const callbacks = await p.receiveCallbacks();
    expect(callbacks.map((callback) => [callback.id, callback.job.status, callback.job.counts.skipped])).toEqual([
      [`job.completed:${jobIdFor(2, SLOT_12_0800)}`, 'cancelled', 0],
    ]);
    expect((await p.recipientRows(jobIdFor(2, SLOT_12_0800))).every((row) => row.status === 'skipped')).toBe(true);
  });

  it('sends nothing when no callback queue is configured', async () => {
    // Arrange: a local run (1) and a cloud run (2), every part built with the outbox of an unset queue URL.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([1, 2]);
    const clock = makeClock(MONDAY_12_0830 + 86_400);
    const outbox = p.outboxOff;

    // Act
    await p.planner({ owner: 'planner-a', clock, outbox })(clock());
    for (const { message } of await p.receive('email')) await p.emailWorker({ clock, outbox })(message);

    // Assert: both runs reached their final status, and the queue stayed empty.
    expect(outbox.enabled).toBe(false);
    expect((await p.listJobs()).map((job) => [job.scheduleId, job.status])).toEqual([
      [1, 'delegated_local'],
      [2, 'completed'],
    ]);
    expect(await p.receiveCallbacks()).toEqual([]);
  });
});
