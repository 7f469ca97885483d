/**
 * An interrupted fan-out resumes from its recorded cursor under a new lease holder, and reaches every eligible
 * recipient: none dropped, none duplicated — except a page that was sent but never recorded, which is replayed and
 * which the workers' claims make harmless.
 */
import { describe, expect, it } from 'vitest';
import { jobIdFor } from '#domain/cloud-job.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { EXPECTED_AUDIENCES } from '../bridge/demo-expectations.js';
import { CrashError, crashBeforeRecordingPage } from './fault-injection.js';
import { makeClock, usePipelines } from './harness.js';
import { MONDAY_12_0830, MONDAY_19_0630, SLOT_12_0800, SLOT_19_0600 } from './moments.js';
import { recipientIds, sorted } from './queue-helpers.js';

const pipelines = usePipelines();

const LEASE_SECONDS = 60;

describe('an interrupted fan-out', () => {
  it('resumes after the lease expires, under another owner, without dropping or duplicating anyone', async () => {
    // Arrange: schedule 6 (certificates, 192 eligible of 228 members), 7 members per page.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([6]);
    const clock = makeClock(MONDAY_19_0630);
    const jobId = jobIdFor(6, SLOT_19_0600);
    let pagesA = 0;
    const plannerA = p.planner({
      owner: 'planner-a',
      clock,
      pageSize: 7,
      leaseSeconds: LEASE_SECONDS,
      onPage: () => {
        pagesA += 1;
      },
      // The Lambda is told its time is up after two pages.
      shouldStop: () => pagesA >= 2,
    });
    let pagesB = 0;
    const plannerB = p.planner({
      owner: 'planner-b',
      clock,
      pageSize: 7,
      leaseSeconds: LEASE_SECONDS,
      onPage: () => {
        pagesB += 1;
      },
    });

    // Act
    const first = await plannerA(MONDAY_19_0630);
    const afterFirst = await p.receive('certificate');
    const jobAfterFirst = await p.jobs.getJob(jobId);
    const runStateAfterFirst = await p.runState.get(6);
    clock.advance(LEASE_SECONDS / 2);
    const whileLeased = await plannerB(MONDAY_19_0630);
    const whileLeasedQueued = await p.receive('certificate');
    clock.advance(LEASE_SECONDS);
    const resumed = await plannerB(MONDAY_19_0630);
    const afterResume = await p.receive('certificate');

    // Assert
    expect(first.schedules).toMatchObject([{ scheduleId: 6, outcome: 'fan_out_paused', jobId }]);
    // Members 1001–1005 and 1007–1015 (1006 has an expired enrolment); 1001 and 1002 finished the quiz and 1004
    // is suspended, which leaves 11.
    expect(recipientIds(afterFirst)).toEqual([1003, 1005, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015]);
    expect(jobAfterFirst).toMatchObject({
      status: 'planning',
      counts: { total: 11, suppressed: 3 },
      fanout: { cursorUserId: 1015, complete: false, leaseOwner: 'planner-a' },
    });
    // The slot is taken once claimed; the unfinished job is what the next tick picks up, through lastJobId.
    expect(runStateAfterFirst).toMatchObject({ lastRunSlot: SLOT_19_0600, lastJobId: jobId });
    expect(whileLeased.schedules).toMatchObject([{ scheduleId: 6, outcome: 'fan_out_busy' }]);
    expect(whileLeasedQueued).toEqual([]);
    expect(resumed.schedules).toMatchObject([{ scheduleId: 6, outcome: 'fanned_out', jobId }]);
    // 228 members in pages of 7 make 33 pages: 2 before the interruption, 31 after.
    expect([pagesA, pagesB]).toEqual([2, 31]);
    const all = recipientIds([...afterFirst, ...afterResume]);
    expect(all).toHaveLength(192);
    expect(sorted(all)).toEqual(EXPECTED_AUDIENCES[6]?.eligible);
    expect(await p.jobs.getJob(jobId)).toMatchObject({
      status: 'running',
      counts: { total: 192, suppressed: 36 },
      fanout: { complete: true, leaseOwner: 'planner-b' },
    });
    expect(await p.runState.get(6)).toMatchObject({ lastRunSlot: SLOT_19_0600, lastJobId: jobId });
  });

  it('completes a job at once when the workers settled everyone before the fan-out was marked complete', async () => {
    // Arrange: schedule 2 in pages of 7; the planner is stopped right after its last page (60–66, then 67–72).
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([2]);
    const clock = makeClock(MONDAY_12_0830);
    const jobId = jobIdFor(2, SLOT_12_0800);
    let pages = 0;
    const settings = { clock, pageSize: 7, leaseSeconds: LEASE_SECONDS };
    const interrupted = p.planner({
      ...settings,
      owner: 'planner-a',
      onPage: () => {
        pages += 1;
      },
      shouldStop: () => pages >= 2,
    });
    const sendEmail = p.emailWorker({ clock });

    // Act
    const first = await interrupted(MONDAY_12_0830);
    for (const { body } of await p.receive('email')) await sendEmail(parseWorkMessage(body));
    const jobBeforeResume = await p.jobs.getJob(jobId);
    clock.advance(LEASE_SECONDS + 1);
    const resumed = await p.planner({ ...settings, owner: 'planner-b' })(MONDAY_12_0830);

    // Assert: every recipient settled while the job was still planning; nothing may finish it but the planner.
    expect(first.schedules).toMatchObject([{ outcome: 'fan_out_paused' }]);
    expect(jobBeforeResume).toMatchObject({ status: 'planning', counts: { total: 6, sent: 6 } });
    expect(resumed.schedules).toMatchObject([{ outcome: 'fanned_out', jobId }]);
    expect(await p.receive('email')).toEqual([]);
    expect(await p.jobs.getJob(jobId)).toMatchObject({
      status: 'completed',
      completedAt: clock(),
      counts: { total: 6, sent: 6 },
      fanout: { complete: true },
    });
    expect(await p.sentMail()).toHaveLength(6);
  });

  it('replays a page sent but never recorded, and the email worker still mails each recipient once', async () => {
    // Arrange: schedule 2 (email; members 60–72, 6 eligible), 7 members per page: page 1 is 60–66, page 2 67–72.
    // FAULT INJECTION: planner A dies after sending page 1 and before recording it (see fault-injection.ts).
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([2]);
    const clock = makeClock(MONDAY_12_0830);
    const jobId = jobIdFor(2, SLOT_12_0800);
    const settings = { clock, pageSize: 7, leaseSeconds: LEASE_SECONDS };
    const plannerA = p.planner({ ...settings, owner: 'planner-a', jobs: crashBeforeRecordingPage(p.jobs, 1) });
    const plannerB = p.planner({ ...settings, owner: 'planner-b' });
    const sendEmail = p.emailWorker({ clock });

    // Act
    await expect(plannerA(MONDAY_12_0830)).rejects.toThrow(CrashError);
    const jobAfterCrash = await p.jobs.getJob(jobId);
    clock.advance(LEASE_SECONDS + 1);
    await plannerB(MONDAY_12_0830);
    const queued = await p.receive('email');
    const outcomes = [];
    for (const { body } of queued) outcomes.push(await sendEmail(parseWorkMessage(body)));

    // Assert
    expect(jobAfterCrash).toMatchObject({ status: 'planning', counts: { total: 0 }, fanout: { cursorUserId: 0 } });
    // Page 1's recipients went out twice (A's send, B's replay), page 2's once.
    expect(recipientIds(queued)).toEqual([60, 61, 65, 66, 60, 61, 65, 66, 71, 72]);
    expect(outcomes).toEqual(['done', 'done', 'done']);
    const mail = await p.sentMail();
    const addresses = mail.flatMap((email) => email.destination.to);
    const expected = [...new Set(queued.flatMap(({ message }) => message.recipients.map((r) => r.email)))];
    expect(addresses.sort()).toEqual(expected.sort());
    expect(addresses).toHaveLength(6);
    // The replayed page was counted once.
    expect(await p.jobs.getJob(jobId)).toMatchObject({
      status: 'completed',
      counts: { total: 6, sent: 6, failed: 0, unconfirmed: 0, suppressed: 7 },
    });
    const rows = await p.recipientRows(jobId);
    expect(rows.map((row) => [row.userId, row.status, row.attempts])).toEqual(
      EXPECTED_AUDIENCES[2]?.eligible.map((userId) => [userId, 'sent', 1]),
    );
  });

  it('finishes a paused job before it plans a later slot, so no run is orphaned', async () => {
    // Arrange: schedule 6 runs every 14 days; its 19 January fan-out stops after one page of 7.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([6]);
    const clock = makeClock(MONDAY_19_0630);
    let pages = 0;
    const stopping = p.planner({
      owner: 'planner-a',
      clock,
      pageSize: 7,
      leaseSeconds: LEASE_SECONDS,
      onPage: () => {
        pages += 1;
      },
      shouldStop: () => pages >= 1,
    });
    await stopping(MONDAY_19_0630);
    // Two weeks later, 2 February 06:30 UTC (London is on UTC), the next slot is due as well.
    const twoWeeksLater = MONDAY_19_0630 + 14 * 86_400;
    clock.advance(14 * 86_400);
    const planner = p.planner({ owner: 'planner-b', clock, pageSize: 7, leaseSeconds: LEASE_SECONDS });

    // Act
    const finishing = await planner(twoWeeksLater);
    const next = await planner(twoWeeksLater);

    // Assert: the first tick completes the 19 January job; only the tick after it claims 2 February.
    expect(finishing.schedules).toMatchObject([
      { scheduleId: 6, outcome: 'fanned_out', jobId: jobIdFor(6, SLOT_19_0600) },
    ]);
    expect(await p.jobs.getJob(jobIdFor(6, SLOT_19_0600))).toMatchObject({
      status: 'running',
      counts: { total: 192 },
      fanout: { complete: true },
    });
    const secondSlot = SLOT_19_0600 + 14 * 86_400;
    expect(next.schedules).toMatchObject([{ scheduleId: 6, outcome: 'fanned_out', jobId: jobIdFor(6, secondSlot) }]);
  });
});
