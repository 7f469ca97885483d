/**
 * SES's answers the email worker must tell apart: throttling is retried with backoff and never counts as a failure;
 * a permanent rejection fails that one recipient and nobody else.
 *
 * FAULT INJECTION: SES local never throttles and never rejects, so throttling and rejection come from the wrappers
 * in fault-injection.ts; every mail that does go out goes through the real SES adapter to the local SES.
 */
import { describe, expect, it } from 'vitest';
import { jobIdFor } from '#domain/cloud-job.js';
import { MailNotSentError } from '#domain/mailer.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { failingMailer, rejectingMailer, throttlingMailer } from './fault-injection.js';
import { makeClock, type Pipeline, usePipelines } from './harness.js';
import { MONDAY_12_0830, SLOT_12_0800 } from './moments.js';

const pipelines = usePipelines();

const JOB_ID = jobIdFor(2, SLOT_12_0800);
const THROTTLE_RETRIES = 3;

/** Schedule 2 planned: one email message for users 60, 61, 65, 66, 71 and 72, and a backOff that only records. */
async function plannedSchedule2() {
  const p = await pipelines.create();
  await pipelines.servers().moodle.useSchedules([2]);
  const clock = makeClock(MONDAY_12_0830);
  await p.planner({ owner: 'planner', clock })(MONDAY_12_0830);
  const [queued] = await p.receive('email');
  if (queued === undefined) throw new Error('expected an email message');
  const backOffs: number[] = [];
  const backOff = async (attempt: number) => {
    backOffs.push(attempt);
  };
  const settings = { throttleRetries: THROTTLE_RETRIES };
  return { p, clock, body: queued.body, backOffs, backOff, settings };
}

async function mailedUsers(p: Pipeline): Promise<string[]> {
  return (await p.sentMail()).flatMap((email) => email.destination.to);
}

describe('the email worker under SES throttling and rejection', () => {
  it('retries throttled sends with backoff and counts no failure', async () => {
    // Arrange: the first two sends are throttled.
    const { p, clock, body, backOffs, backOff, settings } = await plannedSchedule2();
    const sendEmail = p.emailWorker({ clock, backOff, settings, mailer: throttlingMailer(p.mailer, 2) });

    // Act
    const outcome = await sendEmail(parseWorkMessage(body));

    // Assert: user 60 waited twice (attempts 0 and 1), then went out like everyone else.
    expect(outcome).toBe('done');
    expect(backOffs).toEqual([0, 1]);
    expect(await mailedUsers(p)).toHaveLength(6);
    expect(await p.jobs.getJob(JOB_ID)).toMatchObject({ status: 'completed', counts: { sent: 6, failed: 0 } });
    const rows = await p.recipientRows(JOB_ID);
    expect(rows.map((row) => [row.userId, row.status, row.attempts])).toEqual([
      [60, 'sent', 1],
      [61, 'sent', 1],
      [65, 'sent', 1],
      [66, 'sent', 1],
      [71, 'sent', 1],
      [72, 'sent', 1],
    ]);
  });

  it('releases a recipient whose throttling outlasts the retries, and a later delivery sends it', async () => {
    // Arrange: four throttles in a row: the first try of user 60 and all three retries.
    const { p, clock, body, backOffs, backOff, settings } = await plannedSchedule2();
    const throttled = p.emailWorker({ clock, backOff, settings, mailer: throttlingMailer(p.mailer, 4) });
    const healthy = p.emailWorker({ clock, backOff, settings });

    // Act
    const first = await throttled(parseWorkMessage(body));
    const rowAfterFirst = (await p.recipientRows(JOB_ID)).find((row) => row.userId === 60);
    const jobAfterFirst = await p.jobs.getJob(JOB_ID);
    clock.advance(30);
    const second = await healthy(parseWorkMessage(body));

    // Assert
    expect(first).toBe('retry');
    expect(backOffs).toEqual([0, 1, 2]);
    expect(rowAfterFirst).toMatchObject({ status: 'queued', attempts: 1, lastError: 'throttled' });
    // The others in the same message were not held back, and nothing was counted as failed.
    expect(jobAfterFirst).toMatchObject({ status: 'running', counts: { sent: 5, failed: 0 } });
    expect(second).toBe('done');
    expect(await mailedUsers(p)).toHaveLength(6);
    const row = (await p.recipientRows(JOB_ID)).find((candidate) => candidate.userId === 60);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(row?.lastError).toBeUndefined();
    expect(await p.jobs.getJob(JOB_ID)).toMatchObject({ status: 'completed', counts: { sent: 6, failed: 0 } });
  });

  it('fails only the recipient SES rejects for good; the others in the message are sent', async () => {
    // Arrange
    const { p, clock, body, settings } = await plannedSchedule2();
    const sendEmail = p.emailWorker({ clock, settings, mailer: rejectingMailer(p.mailer, 65) });
    const address65 = parseWorkMessage(body).recipients.find((recipient) => recipient.userId === 65)?.email;

    // Act
    const outcome = await sendEmail(parseWorkMessage(body));

    // Assert
    expect(outcome).toBe('done');
    const mailed = await mailedUsers(p);
    expect(mailed).toHaveLength(5);
    expect(mailed).not.toContain(address65);
    const rows = await p.recipientRows(JOB_ID);
    expect(rows.map((row) => [row.userId, row.status])).toEqual([
      [60, 'sent'],
      [61, 'sent'],
      [65, 'failed'],
      [66, 'sent'],
      [71, 'sent'],
      [72, 'sent'],
    ]);
    expect(rows.find((row) => row.userId === 65)?.lastError).toBe('rejected: MessageRejected');
    expect(await p.jobs.getJob(JOB_ID)).toMatchObject({
      status: 'completed_with_failures',
      counts: { total: 6, sent: 5, failed: 1 },
    });
  });

  it('retries a send SES certainly did not accept, and mails the person once', async () => {
    // Arrange: SES answers user 61's first send with a server error (SES local cannot; injected).
    const { p, clock, body, settings } = await plannedSchedule2();
    const serverError = new MailNotSentError('InternalServiceErrorException');
    const sendEmail = p.emailWorker({ clock, settings, mailer: failingMailer(p.mailer, 61, serverError, false) });

    // Act
    const first = await sendEmail(parseWorkMessage(body));
    const second = await sendEmail(parseWorkMessage(body));

    // Assert
    expect([first, second]).toEqual(['retry', 'done']);
    expect(await mailedUsers(p)).toHaveLength(6);
    expect((await p.recipientRows(JOB_ID)).find((row) => row.userId === 61)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
    expect(await p.jobs.getJob(JOB_ID)).toMatchObject({ status: 'completed', counts: { sent: 6, failed: 0 } });
  });

  it('records a send whose outcome is unknown as unconfirmed and never sends it again', async () => {
    // Arrange: SES accepts user 66's mail but the answer is lost: the socket resets (injected).
    const { p, clock, body, settings } = await plannedSchedule2();
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const sendEmail = p.emailWorker({ clock, settings, mailer: failingMailer(p.mailer, 66, reset, true) });

    // Act: the message is delivered again, as SQS would after a failure anywhere in the batch.
    const first = await sendEmail(parseWorkMessage(body));
    const second = await sendEmail(parseWorkMessage(body));

    // Assert: one mail each, 66 included; 66 is unconfirmed, for an administrator to check.
    expect([first, second]).toEqual(['done', 'done']);
    expect(await mailedUsers(p)).toHaveLength(6);
    const row66 = (await p.recipientRows(JOB_ID)).find((row) => row.userId === 66);
    expect(row66).toMatchObject({ status: 'unconfirmed', lastError: 'send outcome unknown: Error' });
    expect(await p.jobs.getJob(JOB_ID)).toMatchObject({
      status: 'completed_with_failures',
      counts: { sent: 5, unconfirmed: 1 },
    });
  });
});
