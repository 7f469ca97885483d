/**
 * "Never twice" across crashes: a worker that dies between claiming a recipient and recording the outcome leaves a
 * claim that goes stale; the redelivered message marks that recipient `unconfirmed` instead of mailing again.
 *
 * FAULT INJECTION: no local server can kill a process between two calls or fail one chosen DynamoDB write, so the
 * crashes come from the wrappers in fault-injection.ts; SES, DynamoDB and SQS are the real local pipelines.servers().
 */
import { describe, expect, it } from 'vitest';
import { DynamoStoreError } from '#adapters/dynamodb/dynamo-errors.js';
import { jobIdFor } from '#domain/cloud-job.js';
import type { Mailer } from '#domain/mailer.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import { dyingMailer, failingSettleLedger } from './fault-injection.js';
import { makeClock, type Pipeline, usePipelines } from './harness.js';
import { MONDAY_12_0830, SLOT_12_0800 } from './moments.js';

const pipelines = usePipelines();

const CLAIM_TIMEOUT = 900;
const JOB_ID = jobIdFor(2, SLOT_12_0800);

/** Schedule 2 planned and fanned out: one email message for users 60, 61, 65, 66, 71 and 72. */
async function plannedSchedule2() {
  const p = await pipelines.create();
  await pipelines.servers().moodle.useSchedules([2]);
  const clock = makeClock(MONDAY_12_0830);
  await p.planner({ owner: 'planner', clock })(MONDAY_12_0830);
  const [queued, ...more] = await p.receive('email');
  if (queued === undefined || more.length > 0) throw new Error('expected exactly one email message');
  const addressOf = new Map(queued.message.recipients.map((recipient) => [recipient.userId, recipient.email]));
  const healthy = p.emailWorker({ clock, settings: { claimTimeoutSeconds: CLAIM_TIMEOUT } });
  const crashing = (faults: { mailer?: Mailer; ledger?: RecipientLedger }) =>
    p.emailWorker({ clock, settings: { claimTimeoutSeconds: CLAIM_TIMEOUT }, ...faults });
  return { p, clock, body: queued.body, addressOf, healthy, crashing };
}

/** Mails per address in the SES store. */
async function mailCounts(p: Pipeline): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const address of (await p.sentMail()).flatMap((email) => email.destination.to)) {
    counts.set(address, (counts.get(address) ?? 0) + 1);
  }
  return counts;
}

async function statuses(p: Pipeline): Promise<[number, string][]> {
  return (await p.recipientRows(JOB_ID)).map((row) => [row.userId, row.status]);
}

/**
 * The first delivery dies inside `dying`'s mailer; SQS then redelivers once within the claim timeout and once after
 * it. Returns the two redeliveries' outcomes.
 */
async function crashThenRedeliverTwice(
  {
    clock,
    body,
    healthy,
    crashing,
  }: Pick<Awaited<ReturnType<typeof plannedSchedule2>>, 'clock' | 'body' | 'healthy' | 'crashing'>,
  dying: ReturnType<typeof dyingMailer>,
) {
  void crashing({ mailer: dying.mailer })(parseWorkMessage(body));
  await dying.died;
  clock.advance(60);
  const second = await healthy(parseWorkMessage(body));
  clock.advance(CLAIM_TIMEOUT);
  const third = await healthy(parseWorkMessage(body));
  return [second, third];
}

const ONE_UNCONFIRMED = { status: 'completed_with_failures', counts: { total: 6, sent: 5, unconfirmed: 1, failed: 0 } };

describe('a worker that crashes mid-recipient', () => {
  it('between claim and send: the redelivery marks the recipient unconfirmed and nobody mails them', async () => {
    // Arrange
    const { p, clock, body, addressOf, healthy, crashing } = await plannedSchedule2();
    const dying = dyingMailer(p.mailer, 65, false);

    // Act: the first delivery dies at user 65; SQS redelivers within the claim timeout, then after it.
    const [second, third] = await crashThenRedeliverTwice({ clock, body, healthy, crashing }, dying);

    // Assert: the claim is fresh on the second delivery (give the message back), stale on the third.
    expect([second, third]).toEqual(['retry', 'done']);
    const counts = await mailCounts(p);
    expect(counts.get(addressOf.get(65) ?? '')).toBeUndefined();
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(await statuses(p)).toEqual([
      [60, 'sent'],
      [61, 'sent'],
      [65, 'unconfirmed'],
      [66, 'sent'],
      [71, 'sent'],
      [72, 'sent'],
    ]);
    expect(await p.jobs.getJob(JOB_ID)).toMatchObject(ONE_UNCONFIRMED);
  });

  it('between send and record: the redelivery marks the recipient unconfirmed and SES holds exactly one mail', async () => {
    // Arrange
    const { p, clock, body, addressOf, healthy, crashing } = await plannedSchedule2();
    const dying = dyingMailer(p.mailer, 66, true);

    // Act
    const [second, third] = await crashThenRedeliverTwice({ clock, body, healthy, crashing }, dying);

    // Assert
    expect([second, third]).toEqual(['retry', 'done']);
    const counts = await mailCounts(p);
    expect(counts.get(addressOf.get(66) ?? '')).toBe(1);
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    const rows = await p.recipientRows(JOB_ID);
    expect(rows.find((row) => row.userId === 66)).toMatchObject({
      status: 'unconfirmed',
      lastError: 'claimed but never recorded',
    });
    expect(rows.filter((row) => row.status === 'sent').map((row) => row.userId)).toEqual([60, 61, 65, 71, 72]);
    expect(await p.jobs.getJob(JOB_ID)).toMatchObject(ONE_UNCONFIRMED);
  });

  it('when recording fails after SES accepted the mail, the recipient is never mailed again', async () => {
    // Arrange: DynamoDB fails the write that records user 66 as sent (the mail is already out).
    const { p, clock, body, addressOf, healthy, crashing } = await plannedSchedule2();
    const first = crashing({ ledger: failingSettleLedger(p.ledger, 66) });

    // Act
    const firstOutcome = await first(parseWorkMessage(body)).catch((error: unknown) => error);
    clock.advance(60);
    const second = await healthy(parseWorkMessage(body));
    clock.advance(CLAIM_TIMEOUT);
    const third = await healthy(parseWorkMessage(body));

    // Assert: the failure surfaces (the message goes back to the queue) instead of releasing the claim for a resend.
    // This holds only because sendClaimed returns settle(...) un-awaited inside its try: with `return await`, the
    // catch would take this for a send failure, release user 66 and mail them again on the next delivery.
    expect(firstOutcome).toBeInstanceOf(DynamoStoreError);
    expect([second, third]).toEqual(['retry', 'done']);
    const counts = await mailCounts(p);
    expect(counts.get(addressOf.get(66) ?? '')).toBe(1);
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    expect((await p.recipientRows(JOB_ID)).find((row) => row.userId === 66)?.status).toBe('unconfirmed');
    expect(await p.jobs.getJob(JOB_ID)).toMatchObject(ONE_UNCONFIRMED);
  });
});
