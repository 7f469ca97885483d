/** Work messages for the queue tests, and helpers that read a local queue back. */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Recipient } from '#domain/recipients.js';
import type { WorkMessage } from '#domain/work-message.js';

export function makeRecipient(userId: number, overrides: Partial<Recipient> = {}): Recipient {
  return {
    userId,
    email: `learner${userId}@example.com`,
    firstName: 'Zoë',
    lastName: 'Ångström',
    lang: 'fr',
    timeZone: '99',
    mailFormat: 1,
    ...overrides,
  };
}

/** A valid message; `jobId` makes each one recognisable when read back. */
export function makeWorkMessage(jobId: string, overrides: Partial<WorkMessage> = {}): WorkMessage {
  return {
    version: 1,
    kind: 'email',
    jobId,
    scheduleId: 12,
    scheduleName: 'Rappel « Sécurité »',
    runSlot: 1_767_225_600,
    actionType: 'email',
    course: { id: 7, fullName: 'Безопасность труда', shortName: 'SAFE' },
    siteName: 'Moodle École',
    siteTimeZone: 'Europe/Paris',
    recipients: [makeRecipient(101), makeRecipient(102)],
    ...overrides,
  };
}

/** A message whose JSON body is about `bytes` long: its schedule name carries the padding. */
export function makeMessageOfSize(jobId: string, bytes: number): WorkMessage {
  const base = makeWorkMessage(jobId, { scheduleName: '' });
  const baseBytes = Buffer.byteLength(JSON.stringify(base), 'utf8');
  return { ...base, scheduleName: 'x'.repeat(Math.max(0, bytes - baseBytes)) };
}

/** Receives (and deletes) every message visible on a queue; returns their bodies in arrival order. */
export async function drainQueue(client: SQSClient, queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((message) => message.Body ?? ''));
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({ Id: `d${index}`, ReceiptHandle: message.ReceiptHandle ?? '' })),
      }),
    );
  }
}
