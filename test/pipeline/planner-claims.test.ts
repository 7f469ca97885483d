/**
 * The planner against the real stores and queues: each (schedule, slot) becomes exactly one job however many
 * planners tick at once, a repeated tick changes nothing, and local runs are recorded but never enqueued.
 */
import { describe, expect, it } from 'vitest';
import { type CloudJob, jobIdFor } from '#domain/cloud-job.js';
import { EXPECTED_AUDIENCES } from '../bridge/demo-expectations.js';
import { makeClock, usePipelines } from './harness.js';
import { MONDAY_19_0630, SLOT_12_0800, SLOT_18_0800, SLOT_18_1700, SLOT_19_0600 } from './moments.js';
import { byJob, type QueuedMessage, recipientIds, sorted } from './queue-helpers.js';

const pipelines = usePipelines();

/** Every enabled demo schedule but the disabled 9; 10 is invalid and must be reported, not planned. */
const ALL_ENABLED = [1, 2, 3, 4, 5, 6, 7, 8, 10];

/** What each due schedule's job must hold at 19 Jan 06:30, from the demo's documented audiences. */
const EXPECTED_JOBS = [
  { scheduleId: 1, slot: SLOT_18_0800, status: 'delegated_local', route: 'local', total: 8, suppressed: 5 },
  { scheduleId: 2, slot: SLOT_12_0800, status: 'running', route: 'cloud', total: 6, suppressed: 7 },
  { scheduleId: 4, slot: SLOT_18_1700, status: 'delegated_local', route: 'local', total: 16, suppressed: 25 },
  { scheduleId: 5, slot: SLOT_19_0600, status: 'running', route: 'cloud', total: 180, suppressed: 48 },
  { scheduleId: 6, slot: SLOT_19_0600, status: 'running', route: 'cloud', total: 192, suppressed: 36 },
  { scheduleId: 7, slot: SLOT_12_0800, status: 'delegated_local', route: 'local', total: 1, suppressed: 0 },
  // Cloud, but nobody is eligible: the fan-out completes with nothing to send and the job settles at once.
  { scheduleId: 8, slot: SLOT_18_0800, status: 'completed', route: 'cloud', total: 0, suppressed: 1 },
] as const;

function summary(job: CloudJob) {
  return {
    scheduleId: job.scheduleId,
    slot: job.runSlot,
    status: job.status,
    route: job.route,
    total: job.counts.total,
    suppressed: job.counts.suppressed,
  };
}

function queuedRecipientsByJob(messages: readonly QueuedMessage[]): Record<string, number[]> {
  return Object.fromEntries([...byJob(messages)].map(([jobId, group]) => [jobId, recipientIds(group)]));
}

describe('planDueRuns against dynalite, fauxqs and the demo Moodle', () => {
  it('claims each due (schedule, slot) exactly once when three planners tick at the same moment', async () => {
    // Arrange
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules(ALL_ENABLED);
    const clock = makeClock(MONDAY_19_0630);
    // Small pages, so the three planners overlap across several pages of the big jobs.
    const planners = ['planner-a', 'planner-b', 'planner-c'].map((owner) => p.planner({ owner, clock, pageSize: 40 }));

    // Act
    const reports = await Promise.all(planners.map((planDueRuns) => planDueRuns(MONDAY_19_0630)));
    const email = await p.receive('email');
    const certificate = await p.receive('certificate');

    // Assert
    const jobs = await p.listJobs();
    expect(jobs.map(summary)).toEqual(EXPECTED_JOBS);
    for (const report of reports) {
      const invalid = report.schedules.filter((outcome) => outcome.outcome === 'invalid');
      expect(invalid.map((outcome) => outcome.scheduleId)).toEqual([10]);
    }
    const queued = queuedRecipientsByJob([...email, ...certificate]);
    // Every recipient exactly once per job: no page was sent twice, and no local or empty job was enqueued.
    expect(Object.keys(queued).sort()).toEqual(
      [jobIdFor(2, SLOT_12_0800), jobIdFor(5, SLOT_19_0600), jobIdFor(6, SLOT_19_0600)].sort(),
    );
    expect(queued[jobIdFor(2, SLOT_12_0800)]).toEqual(EXPECTED_AUDIENCES[2]?.eligible);
    expect(sorted(queued[jobIdFor(5, SLOT_19_0600)] ?? [])).toEqual(EXPECTED_AUDIENCES[5]?.eligible);
    expect(sorted(queued[jobIdFor(6, SLOT_19_0600)] ?? [])).toEqual(EXPECTED_AUDIENCES[6]?.eligible);
    expect(email.every(({ message }) => message.kind === 'email' && message.actionType === 'email')).toBe(true);
    // `both` starts with the certificate worker; it hands the recipients on to the email worker.
    expect(certificate.map(({ message }) => message.kind)).toEqual(certificate.map(() => 'certificate'));
    // The SQS client sent exactly the messages found on the queues, not one more.
    expect(p.batchCalls.entries).toBe(email.length + certificate.length);
  });

  it('a repeated tick at the same moment creates no job and enqueues nothing', async () => {
    // Arrange
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules(ALL_ENABLED);
    const clock = makeClock(MONDAY_19_0630);
    await p.planner({ owner: 'planner-a', clock })(MONDAY_19_0630);
    await p.receive('email');
    await p.receive('certificate');
    const jobsBefore = await p.listJobs();
    const callsBefore = p.batchCalls.calls;

    // Act
    const report = await p.planner({ owner: 'planner-b', clock })(MONDAY_19_0630);

    // Assert
    expect(await p.listJobs()).toEqual(jobsBefore);
    expect(p.batchCalls.calls).toBe(callsBefore);
    expect(await p.receive('email')).toEqual([]);
    expect(await p.receive('certificate')).toEqual([]);
    const outcomes = report.schedules.map(({ scheduleId, outcome }) => [scheduleId, outcome]);
    expect(outcomes).toEqual([
      [1, 'not_due'],
      [2, 'not_due'],
      [3, 'not_due'],
      [4, 'not_due'],
      [5, 'not_due'],
      [6, 'not_due'],
      [7, 'not_due'],
      [8, 'not_due'],
      [10, 'invalid'],
    ]);
  });

  it('records local-routed runs as delegated_local jobs and enqueues nothing for them', async () => {
    // Arrange: schedules 1 and 4 are `auto` below the threshold of 50, 7 is forced local.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([1, 4, 7]);
    const clock = makeClock(MONDAY_19_0630);

    // Act
    const report = await p.planner({ owner: 'planner-a', clock })(MONDAY_19_0630);

    // Assert
    expect(report.schedules.map(({ scheduleId, outcome }) => [scheduleId, outcome])).toEqual([
      [1, 'delegated_local'],
      [4, 'delegated_local'],
      [7, 'delegated_local'],
    ]);
    const jobs = await p.listJobs();
    expect(jobs.map((job) => [job.scheduleId, job.status, job.routeReason, job.completedAt])).toEqual([
      [1, 'delegated_local', 'auto_below_threshold', MONDAY_19_0630],
      [4, 'delegated_local', 'auto_below_threshold', MONDAY_19_0630],
      [7, 'delegated_local', 'forced_local', MONDAY_19_0630],
    ]);
    expect(p.batchCalls.calls).toBe(0);
    expect(await p.receive('email')).toEqual([]);
    expect(await p.receive('certificate')).toEqual([]);
    expect(await p.recipientRows(jobIdFor(1, SLOT_18_0800))).toEqual([]);
  });
});
