/**
 * Reading the work queues the way a worker's event source does, and counting what the planner sends — by observing
 * the real SQS client, never by replacing a call.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { CallbackEvent } from '#domain/callback-event.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import type { WorkMessage } from '#domain/work-message.js';

/** One message as it came off the queue: the raw body (to deliver again) and the parsed message. */
export interface QueuedMessage {
  body: string;
  message: WorkMessage;
}

/** `SendMessageBatch` calls made through one client so far, and their entries. */
export interface BatchCallCount {
  calls: number;
  entries: number;
}

/** Adds an observing middleware to `client` that counts `SendMessageBatch` calls and entries. */
export function countBatchCalls(client: SQSClient): BatchCallCount {
  const count: BatchCallCount = { calls: 0, entries: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SendMessageBatchCommand') {
        count.calls += 1;
        count.entries += (args.input as { Entries?: unknown[] }).Entries?.length ?? 0;
      }
      return next(args);
    },
    { step: 'initialize', name: 'countBatchCalls' },
  );
  return count;
}

/** Receives and deletes every message on the queue, parsing each body with the workers' own parser. */
export async function drainQueue(client: SQSClient, queueUrl: string): Promise<QueuedMessage[]> {
  const received: QueuedMessage[] = [];
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return received;
    for (const message of Messages) {
      const body = message.Body ?? '';
      received.push({ body, message: parseWorkMessage(body) });
    }
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({ Id: `d${index}`, ReceiptHandle: message.ReceiptHandle ?? '' })),
      }),
    );
  }
}

/** Receives and deletes every message on the callbacks queue, as the callback events they carry. */
export async function drainCallbacks(client: SQSClient, queueUrl: string): Promise<CallbackEvent[]> {
  const received: CallbackEvent[] = [];
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return received;
    received.push(...Messages.map((message) => JSON.parse(message.Body ?? '') as CallbackEvent));
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({ Id: `d${index}`, ReceiptHandle: message.ReceiptHandle ?? '' })),
      }),
    );
  }
}

/** Every recipient user id across `messages`, in queue order, duplicates kept. */
export function recipientIds(messages: readonly QueuedMessage[]): number[] {
  return messages.flatMap(({ message }) => message.recipients.map((recipient) => recipient.userId));
}

/** Messages per job id. */
export function byJob(messages: readonly QueuedMessage[]): Map<string, QueuedMessage[]> {
  const groups = new Map<string, QueuedMessage[]>();
  for (const queued of messages) {
    const group = groups.get(queued.message.jobId) ?? [];
    group.push(queued);
    groups.set(queued.message.jobId, group);
  }
  return groups;
}

/** Ascending copy, for comparing id sets written by hand. */
export function sorted(ids: readonly number[]): number[] {
  return [...ids].sort((a, b) => a - b);
}

/**
 * Sends `body` to `queueUrl` and receives it without deleting until the queue's own redrive policy moves it to
 * `deadLetterUrl` — a real dead letter, made by the server.
 */
export async function deadLetter(client: SQSClient, queueUrl: string, deadLetterUrl: string, body: string) {
  await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  for (let receives = 0; receives < 20; receives += 1) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 0, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0 && (await visibleIn(client, deadLetterUrl)) === 1) return;
  }
  throw new Error('the message never reached the DLQ');
}

/** Messages visible on a queue now. */
export async function visibleIn(client: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}
