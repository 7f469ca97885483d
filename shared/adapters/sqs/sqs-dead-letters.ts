/**
 * The {@link DeadLetterQueues} port on SQS: the DLQs are read with ReceiveMessage (a message received is hidden for
 * `holdSeconds`), the job's messages are sent to their work queue with SendMessageBatch and then deleted from the
 * DLQ; the other jobs' messages are made visible again at once. Plain SQS calls, so the same code redrives a local
 * run's queues (fauxqs) and the deployed ones.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterQueues } from '#domain/dead-letters.js';
import { AppError } from '#domain/errors.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import type { WorkMessage } from '#domain/work-message.js';

export interface SqsDeadLetterOptions {
  client: SQSClient;
  /** Each kind's work queue and its DLQ. */
  queueUrls: Readonly<Record<WorkMessage['kind'], string>>;
  deadLetterUrls: Readonly<Record<WorkMessage['kind'], string>>;
  /** How long a received DLQ message stays hidden while the redrive runs. @default 300 */
  holdSeconds?: number;
  /** Long polling per receive: an empty answer then means the DLQ holds nothing visible. @default 1 */
  waitSeconds?: number;
}

/** SQS refused part of a redrive; what was not moved stays in the DLQ, so the redrive can be run again. */
export class RedriveSendError extends AppError {}

const KINDS: readonly WorkMessage['kind'][] = ['certificate', 'email'];
const BATCH = 10;

export function makeSqsDeadLetterQueues(options: SqsDeadLetterOptions): DeadLetterQueues {
  const { client, queueUrls, deadLetterUrls, holdSeconds = 300, waitSeconds = 1 } = options;

  async function receiveAll(queueUrl: string): Promise<Message[]> {
    const received: Message[] = [];
    for (;;) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: BATCH,
          VisibilityTimeout: holdSeconds,
          WaitTimeSeconds: waitSeconds,
        }),
      );
      if (Messages.length === 0) return received;
      received.push(...Messages);
    }
  }

  async function release(queueUrl: string, messages: readonly Message[]): Promise<void> {
    for (let start = 0; start < messages.length; start += BATCH) {
      const entries = messages.slice(start, start + BATCH).map((message, index) => ({
        Id: `r${index}`,
        ReceiptHandle: message.ReceiptHandle ?? '',
        VisibilityTimeout: 0,
      }));
      await client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    }
  }

  return {
    async collect(jobId) {
      const letters: DeadLetter[] = [];
      for (const kind of KINDS) {
        const others: Message[] = [];
        for (const received of await receiveAll(deadLetterUrls[kind])) {
          const message = readWorkMessage(received.Body);
          if (message?.jobId === jobId) {
            letters.push({ kind, body: received.Body ?? '', message, receipt: received.ReceiptHandle ?? '' });
          } else {
            others.push(received);
          }
        }
        await release(deadLetterUrls[kind], others);
      }
      return letters;
    },

    async redrive(letters) {
      for (const kind of KINDS) {
        const ofKind = letters.filter((letter) => letter.kind === kind);
        for (let start = 0; start < ofKind.length; start += BATCH) {
          const batch = ofKind.slice(start, start + BATCH);
          const sent = await client.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrls[kind],
              Entries: batch.map((letter, index) => ({ Id: `m${index}`, MessageBody: letter.body })),
            }),
          );
          if ((sent.Failed ?? []).length > 0) {
            const codes = (sent.Failed ?? []).map((failure) => failure.Code).join(', ');
            throw new RedriveSendError(`the ${kind} queue refused ${sent.Failed?.length} redriven messages: ${codes}`);
          }
          // Deleted only once sent: a crash in between leaves the letter in the DLQ and a copy queued, which the
          // workers' claims make harmless.
          await client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: deadLetterUrls[kind],
              Entries: batch.map((letter, index) => ({ Id: `d${index}`, ReceiptHandle: letter.receipt })),
            }),
          );
        }
      }
    },
  };
}

function readWorkMessage(body: string | undefined): WorkMessage | undefined {
  try {
    return parseWorkMessage(body ?? '');
  } catch {
    // Not a work message this version reads: it stays in the DLQ for someone to look at.
    return undefined;
  }
}
