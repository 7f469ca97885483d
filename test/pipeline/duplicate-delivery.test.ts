/**
 * SQS delivers at least once: the email worker must mail each recipient once however often, and however
 * concurrently, the same message arrives.
 */
import { describe, expect, it } from 'vitest';
import { jobIdFor } from '#domain/cloud-job.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { EXPECTED_AUDIENCES } from '../bridge/demo-expectations.js';
import { makeClock, usePipelines } from './harness.js';
import { MONDAY_19_0630, SLOT_19_0600 } from './moments.js';
import { recipientIds, sorted } from './queue-helpers.js';

const pipelines = usePipelines();

describe('duplicate delivery of email messages', () => {
  it('mails every recipient exactly once when each message arrives twice and one three times, concurrently', async () => {
    // Arrange: schedule 5 as a plain email schedule (same audience as `both`: 180 eligible, 8 messages).
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([5], { 5: { actionType: 'email' } });
    const clock = makeClock(MONDAY_19_0630);
    await p.planner({ owner: 'planner', clock })(MONDAY_19_0630);
    const queued = await p.receive('email');
    const jobId = jobIdFor(5, SLOT_19_0600);
    const sendEmail = p.emailWorker({ clock });
    const deliveries = queued.flatMap(({ body }, index) => Array.from({ length: index === 0 ? 3 : 2 }, () => body));

    // Act: every copy at once, then — as SQS would — again for each delivery that gave its message back.
    let pending = deliveries;
    const rounds: string[][] = [];
    while (pending.length > 0 && rounds.length < 5) {
      const outcomes = await Promise.all(pending.map((body) => sendEmail(parseWorkMessage(body))));
      rounds.push(outcomes);
      pending = pending.filter((_, index) => outcomes[index] === 'retry');
    }

    // Assert
    expect(queued).toHaveLength(8);
    expect(sorted(recipientIds(queued))).toEqual(EXPECTED_AUDIENCES[5]?.eligible);
    expect(deliveries).toHaveLength(17);
    expect(pending).toEqual([]);
    const mail = await p.sentMail();
    const perAddress = new Map<string, number>();
    for (const address of mail.flatMap((email) => email.destination.to)) {
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    }
    const expectedAddresses = queued.flatMap(({ message }) => message.recipients.map((recipient) => recipient.email));
    expect([...perAddress.keys()].sort()).toEqual(expectedAddresses.sort());
    expect([...perAddress.values()].every((count) => count === 1)).toBe(true);
    expect(await p.jobs.getJob(jobId)).toMatchObject({
      status: 'completed',
      counts: { total: 180, sent: 180, failed: 0, skipped: 0, unconfirmed: 0 },
    });
    const rows = await p.recipientRows(jobId);
    expect(rows).toHaveLength(180);
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
    // Each row holds the id SES gave its one mail.
    expect(rows.map((row) => row.sesMessageId).sort()).toEqual(mail.map((email) => email.messageId).sort());
  });
});
