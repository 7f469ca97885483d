/**
 * Every job ends: a job whose queue work is gone — a message lost, or dead-lettered by SQS's own redrive policy —
 * reaches a final state at its work deadline, its never-claimed recipients `unsent`, and Moodle hears of it. A
 * redrive of the dead-lettered work then mails exactly those recipients, once, and the job completes again.
 *
 * FAULT INJECTION: the lost message is a real message taken off the real queue and never worked (what a purge or an
 * operator's mistake does); the dead letter is a real message received `maxReceiveCount` times without being
 * deleted, so fauxqs moves it to the DLQ by the queue's redrive policy. The one stand-in is `dyingMailer`: no server
 * can kill a worker between SES accepting a mail and the ledger recording it.
 */
import { describe, expect, it } from 'vitest';
import { makeSqsDeadLetterQueues } from '#adapters/sqs/sqs-dead-letters.js';
import { type CloudJob, jobIdFor } from '#domain/cloud-job.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { workDeadline } from '#domain/work-deadline.js';
import { makeRedriveJob } from '#use-cases/redrive-job.js';
import { SWEEP_EVERY_MINUTES } from '#use-cases/sweep-running-jobs.js';
import { dyingMailer } from './fault-injection.js';
import { makeClock, type Pipeline, usePipelines, WORK_MESSAGE_LIFETIME_SECONDS } from './harness.js';
import { MONDAY_19_0630, SLOT_19_0600 } from './moments.js';
import { deadLetter, type QueuedMessage, visibleIn } from './queue-helpers.js';

const pipelines = usePipelines();
const JOB_ID = jobIdFor(5, SLOT_19_0600);
const CLAIM_TIMEOUT = 900;

/** Schedule 5 as an email run: 180 eligible recipients in 8 messages, all taken off the queue. */
async function fannedOut() {
  const p = await pipelines.create();
  await pipelines.servers().moodle.useSchedules([5], { 5: { actionType: 'email' } });
  const clock = makeClock(MONDAY_19_0630);
  const ended: CloudJob[] = [];
  const planner = p.planner({ owner: 'planner', clock, onJobEnded: (job) => ended.push(job) });
  await planner(MONDAY_19_0630);
  const messages = await p.receive('email');
  const worker = p.emailWorker({ clock, settings: { claimTimeoutSeconds: CLAIM_TIMEOUT } });
  return { p, clock, planner, messages, worker, ended };
}

/** The first minute at or after `at` on which the planner sweeps running jobs. */
function nextSweepTick(at: number): number {
  const every = SWEEP_EVERY_MINUTES * 60;
  return Math.ceil(at / every) * every;
}

/** Mails per address in the SES store. */
async function mailCounts(p: Pipeline): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const address of (await p.sentMail()).flatMap((email) => email.destination.to)) {
    counts.set(address, (counts.get(address) ?? 0) + 1);
  }
  return counts;
}

const userIdsOf = (queued: QueuedMessage) => queued.message.recipients.map((recipient) => recipient.userId);

describe('a job whose work message is lost', () => {
  it('runs until its work deadline, then ends with the lost recipients unsent, a callback and the alarm metric', async () => {
    // Arrange: seven of the eight messages are worked; the eighth was taken off the queue and is gone.
    const { p, clock, planner, messages, worker, ended } = await fannedOut();
    const [lost, ...worked] = messages;
    if (lost === undefined) throw new Error('expected messages');
    for (const { message } of worked) await worker(message);
    const started = (await p.jobs.getJob(JOB_ID)) ?? expect.fail('no job');
    const deadline = workDeadline(started, WORK_MESSAGE_LIFETIME_SECONDS);
    // The schedule is disabled meanwhile: only the sweep of running jobs still watches this job.
    await pipelines.servers().moodle.useSchedules([]);

    // Act: a sweep just before the deadline changes nothing; the first sweep after it ends the job.
    const before = nextSweepTick(deadline - SWEEP_EVERY_MINUTES * 60 - 60);
    clock.advance(before - clock());
    const early = await planner(before);
    const jobBefore = await p.jobs.getJob(JOB_ID);
    const after = nextSweepTick(deadline);
    clock.advance(after - clock());
    const late = await planner(after);

    // Assert
    const lostIds = userIdsOf(lost);
    expect(before).toBeLessThan(deadline);
    expect(early.swept).toEqual({ running: 1, ended: [] });
    expect(jobBefore).toMatchObject({ status: 'running', counts: { total: 180, sent: 180 - lostIds.length } });
    expect(late.swept).toEqual({ running: 1, ended: [JOB_ID] });
    const job = await p.jobs.getJob(JOB_ID);
    expect(job).toMatchObject({
      status: 'completed_with_failures',
      counts: { total: 180, sent: 180 - lostIds.length, unsent: lostIds.length, failed: 0, unconfirmed: 0 },
    });
    const unsentRows = (await p.recipientRows(JOB_ID)).filter((row) => row.status === 'unsent');
    expect(unsentRows.map((row) => row.userId).sort((a, b) => a - b)).toEqual([...lostIds].sort((a, b) => a - b));
    const callbacks = await p.receiveCallbacks();
    const completed = callbacks.filter((event) => event.type === 'job.completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({
      id: `job.completed:${JOB_ID}`,
      job: { status: 'completed_with_failures', counts: { unsent: lostIds.length } },
    });
    expect(ended.map((endedJob) => [endedJob.jobId, endedJob.counts.unsent])).toEqual([[JOB_ID, lostIds.length]]);
  });
});

describe('a job whose work message is dead-lettered', () => {
  it('ends with the never-claimed recipients unsent; a redrive mails exactly them, once, and completes it again', async () => {
    // Arrange: one message's worker dies right after SES accepted the mail of its third recipient (that claim is
    // never recorded); the message then comes back until SQS dead-letters it. The other seven are worked.
    const { p, clock, planner, messages, worker, ended } = await fannedOut();
    const [doomed, ...worked] = messages;
    if (doomed === undefined) throw new Error('expected messages');
    const [first, second, third, ...rest] = userIdsOf(doomed);
    if (third === undefined || first === undefined || second === undefined) throw new Error('expected recipients');
    const dying = dyingMailer(p.mailer, third, true);
    void p.emailWorker({ clock, mailer: dying.mailer })(doomed.message);
    await dying.died;
    await deadLetter(p.sqs, p.queueUrls.email, p.deadLetterUrls.email, doomed.body);
    for (const { message } of worked) await worker(message);
    const started = (await p.jobs.getJob(JOB_ID)) ?? expect.fail('no job');
    const deadline = workDeadline(started, WORK_MESSAGE_LIFETIME_SECONDS);

    // Act 1: the deadline passes (the schedule's own tick watches its last job).
    clock.advance(deadline - clock());
    await planner(deadline);
    const endedJob = await p.jobs.getJob(JOB_ID);
    const firstCallbacks = await p.receiveCallbacks();

    // Act 2: redrive, and the worker takes the redriven message.
    const redrive = makeRedriveJob({
      jobs: p.jobs,
      ledger: p.ledger,
      deadLetters: makeSqsDeadLetterQueues({
        client: p.sqs,
        queueUrls: p.queueUrls,
        deadLetterUrls: p.deadLetterUrls,
        waitSeconds: 0,
      }),
      clock,
      settings: { workMessageLifetimeSeconds: WORK_MESSAGE_LIFETIME_SECONDS, claimTimeoutSeconds: CLAIM_TIMEOUT },
    });
    clock.advance(3600);
    const report = await redrive(JOB_ID);
    const reopenedJob = await p.jobs.getJob(JOB_ID);
    const redriven = await p.receive('email');
    for (const { message } of redriven) await worker(message);
    const again = await redrive(JOB_ID);

    // Assert: the end at the deadline.
    expect(endedJob).toMatchObject({
      status: 'completed_with_failures',
      counts: { total: 180, sent: 180 - rest.length - 1, unconfirmed: 1, unsent: rest.length },
    });
    expect(firstCallbacks.filter((event) => event.type === 'job.completed').map((event) => event.id)).toEqual([
      `job.completed:${JOB_ID}`,
    ]);
    expect(ended).toHaveLength(1);
    // The redrive: one message back, only the unsent made claimable, the job running again.
    expect(report).toEqual({
      jobId: JOB_ID,
      statusBefore: 'completed_with_failures',
      statusAfter: 'running',
      messages: 1,
      recipients: rest.length + 3,
      reopened: rest.length,
    });
    expect(reopenedJob).toMatchObject({ status: 'running', redrives: 1, counts: { unsent: 0, unconfirmed: 1 } });
    expect(redriven.map(({ body }) => body)).toEqual([doomed.body]);
    expect(await visibleIn(p.sqs, p.deadLetterUrls.email)).toBe(0);
    // Everyone mailed exactly once: the unconfirmed third recipient (whose mail SES did accept) was not mailed again.
    const counts = await mailCounts(p);
    expect(counts.size).toBe(180);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    const rows = new Map((await p.recipientRows(JOB_ID)).map((row) => [row.userId, row.status]));
    expect([first, second, ...rest].map((userId) => rows.get(userId))).toEqual(
      Array.from({ length: rest.length + 2 }, () => 'sent'),
    );
    expect(rows.get(third)).toBe('unconfirmed');
    const job = await p.jobs.getJob(JOB_ID);
    expect(job).toMatchObject({
      status: 'completed_with_failures',
      counts: { total: 180, sent: 179, unconfirmed: 1, unsent: 0 },
    });
    const secondCallbacks = (await p.receiveCallbacks()).filter((event) => event.type === 'job.completed');
    expect(secondCallbacks).toMatchObject([
      { id: `job.completed:${JOB_ID}:redrive-1`, job: { counts: { sent: 179, unsent: 0 } } },
    ]);
    // Nothing left to redrive.
    expect(again).toMatchObject({ messages: 0, reopened: 0, statusAfter: 'completed_with_failures' });
  });

  it('refuses a job whose recipient rows could expire before redriven work is done', async () => {
    // Arrange: the job is older than the ledger's retention minus one work deadline.
    const { p, clock } = await fannedOut();
    const redrive = makeRedriveJob({
      jobs: p.jobs,
      ledger: p.ledger,
      deadLetters: makeSqsDeadLetterQueues({
        client: p.sqs,
        queueUrls: p.queueUrls,
        deadLetterUrls: p.deadLetterUrls,
        waitSeconds: 0,
      }),
      clock,
      settings: { workMessageLifetimeSeconds: WORK_MESSAGE_LIFETIME_SECONDS, claimTimeoutSeconds: CLAIM_TIMEOUT },
    });
    clock.advance(p.ledger.retentionSeconds - WORK_MESSAGE_LIFETIME_SECONDS);

    // Act
    const refusal = await redrive(JOB_ID).catch((error: unknown) => error);

    // Assert
    expect(refusal).toBeInstanceOf(Error);
    expect(String(refusal)).toMatch(/too old to redrive safely/);
  });
});

describe('a message delivered after the ledger rows could have expired', () => {
  it('is dropped by the worker, so nobody whose row is gone is mailed again', async () => {
    // Arrange: a message that is only worked after the recipient retention has run out.
    const { p, clock, messages, worker } = await fannedOut();
    const [late] = messages;
    if (late === undefined) throw new Error('expected messages');
    clock.advance(p.ledger.retentionSeconds);

    // Act
    const outcome = await worker(parseWorkMessage(late.body));

    // Assert
    expect(outcome).toBe('done');
    expect(await p.sentMail()).toHaveLength(0);
    expect(await p.recipientRows(JOB_ID)).toHaveLength(0);
  });
});
