/**
 * A local SQS event source mapping with partial batch responses (`ReportBatchItemFailures`): receive up to
 * `batchSize` messages, invoke the function with them as one `SQSEvent`, then delete the records the function did
 * not list in `batchItemFailures`. Failed records are left alone: they come back after the queue's visibility
 * timeout with a higher `ApproximateReceiveCount`, and the queue's redrive policy moves them to the DLQ in the end.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ValidationError } from '#domain/errors.js';
import type { InvocationOutcome, LocalFunction } from './local-function.js';
import { toSqsEvent } from './sqs-event.js';

/** The function an event source invokes: its result is a partial batch response, or nothing (all succeeded). */
export type SqsFunction = LocalFunction<SQSEvent, SQSBatchResponse | null | undefined>;

export interface SqsEventSourceOptions {
  client: SQSClient;
  queueUrl: string;
  region: string;
  function: SqsFunction;
  /** Messages per invocation, 1–10. @default 10 (Lambda's default for a standard queue) */
  batchSize?: number;
  /** Long-poll wait per receive. @default 1 */
  waitTimeSeconds?: number;
}

/** What one poll did. */
export interface PollReport {
  received: number;
  /** Records the function finished, now deleted from the queue. */
  deleted: SQSRecord[];
  /** Records left on the queue for redelivery. */
  failed: SQSRecord[];
  /** Undefined when nothing was received, so the function was not invoked. */
  outcome?: InvocationOutcome<SQSBatchResponse | null | undefined>;
}

export interface SqsEventSource {
  /** The queue's ARN, as every record carries it. */
  readonly queueArn: string;
  /** One receive, and one invocation if anything came. */
  poll(): Promise<PollReport>;
}

/**
 * Creates the event source; reads the queue's ARN once.
 * @throws ValidationError for a batch size outside 1–10 or a wait outside 0–20 s.
 */
export async function makeSqsEventSource(options: SqsEventSourceOptions): Promise<SqsEventSource> {
  const { client, queueUrl, region, batchSize = 10, waitTimeSeconds = 1 } = options;
  checkRange('batchSize', batchSize, 1, 10);
  checkRange('waitTimeSeconds', waitTimeSeconds, 0, 20);
  const attributes = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = attributes.Attributes?.QueueArn;
  if (queueArn === undefined) throw new ValidationError('queueUrl', queueUrl, 'names a queue without a QueueArn');

  return {
    queueArn,
    async poll() {
      const { Messages: messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: batchSize,
          WaitTimeSeconds: waitTimeSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      if (messages.length === 0) return { received: 0, deleted: [], failed: [] };
      const event = toSqsEvent(messages, { queueArn, region });
      const outcome = await options.function.invoke(event);
      const failedIds = failedRecordIds(event.Records, outcome);
      const done = event.Records.filter((record) => !failedIds.has(record.messageId));
      const notDeleted = await deleteRecords(client, queueUrl, done);
      return {
        received: messages.length,
        deleted: done.filter((record) => !notDeleted.has(record.messageId)),
        failed: event.Records.filter((record) => failedIds.has(record.messageId) || notDeleted.has(record.messageId)),
        outcome,
      };
    },
  };
}

/**
 * The ids of the records to leave on the queue. As Lambda does: an invocation that threw or timed out fails the
 * whole batch, and so does a response it cannot read (not an object, an identifier that is empty or not in the
 * batch); an empty or missing `batchItemFailures` means every record succeeded.
 */
export function failedRecordIds(
  records: readonly SQSRecord[],
  outcome: InvocationOutcome<SQSBatchResponse | null | undefined>,
): Set<string> {
  const all = new Set(records.map((record) => record.messageId));
  if (outcome.status !== 'succeeded') return all;
  const response: unknown = outcome.result;
  if (response === null || response === undefined) return new Set();
  if (typeof response !== 'object') return all;
  const failures: unknown = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return new Set();
  if (!Array.isArray(failures)) return all;
  const failed = new Set<string>();
  for (const failure of failures) {
    const id: unknown = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !all.has(id)) return all;
    failed.add(id);
  }
  return failed;
}

/** Deletes the records in one call; returns the ids SQS did not delete (they will be delivered again). */
async function deleteRecords(client: SQSClient, queueUrl: string, records: readonly SQSRecord[]): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  const output = await client.send(
    new DeleteMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: records.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
    }),
  );
  return new Set(
    (output.Failed ?? []).flatMap((entry) => {
      const record = records[Number(entry.Id)];
      return record === undefined ? [] : [record.messageId];
    }),
  );
}

function checkRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, value, `must be a whole number from ${min} to ${max}`);
  }
}
