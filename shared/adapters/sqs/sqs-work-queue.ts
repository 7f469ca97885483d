/**
 * The {@link WorkQueue} port on Amazon SQS: one queue per message kind, `SendMessageBatch` calls packed to SQS's
 * limits, and entries that a batch reports as failed sent again with backoff.
 */

import { setTimeout as sleepFor } from 'node:timers/promises';
import { SendMessageBatchCommand, type SendMessageBatchCommandOutput, type SQSClient } from '@aws-sdk/client-sqs';
import { type BackoffOptions, backoffDelay } from '#domain/backoff.js';
import { ValidationError } from '#domain/errors.js';
import type { WorkMessage, WorkQueue } from '#domain/work-message.js';
import { DEFAULT_MAX_BATCH_BYTES, type PreparedEntry, packBatches, prepareEntries } from './pack-batches.js';
import { QueueSendError, type UnsentMessage } from './queue-send-error.js';

/** How often and how patiently entries that a batch reports as failed are sent again. */
export interface BatchRetryOptions extends BackoffOptions {
  /** Calls per entry, the first included. */
  maxAttempts: number;
}

/** @default 4 attempts, backoff ceiling from 100 ms to 2 s. */
export const DEFAULT_BATCH_RETRY: BatchRetryOptions = { maxAttempts: 4, baseMs: 100, maxMs: 2_000 };

export interface SqsWorkQueueOptions {
  /** From `createSqsClient`; its own retries cover a call that fails as a whole (throttling, a 5xx). */
  client: SQSClient;
  /** The queue for each kind of message. */
  queueUrls: Readonly<Record<WorkMessage['kind'], string>>;
  /** @default {@link DEFAULT_BATCH_RETRY} */
  retry?: BatchRetryOptions;
  /** Bytes per `SendMessageBatch` call. @default {@link DEFAULT_MAX_BATCH_BYTES} */
  maxBatchBytes?: number;
  /** Waits between retries. @default a real timer */
  sleep?: (ms: number) => Promise<void>;
  /** The jitter source for `backoffDelay`. @default Math.random */
  random?: () => number;
}

interface BatchOutcome {
  unsent: UnsentMessage[];
  failedCall?: { error: unknown; pending: readonly PreparedEntry[] };
}

const KINDS: readonly WorkMessage['kind'][] = ['email', 'certificate'];

/**
 * Creates a {@link WorkQueue} that routes each message to the queue of its `kind`, as JSON.
 *
 * `sendAll` sends every batch it can. Failed entries that SQS blames on itself are retried up to
 * `retry.maxAttempts`; those it blames on the sender (too large, invalid) are not, since they would fail again. A
 * call that fails as a whole, after the SDK's own retries, stops the send: the queue is likely unreachable.
 *
 * @throws ValidationError for bad options.
 */
export function makeSqsWorkQueue(options: SqsWorkQueueOptions): WorkQueue {
  const { client, queueUrls } = options;
  const retry = options.retry ?? DEFAULT_BATCH_RETRY;
  const maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms).then(() => undefined));
  const random = options.random ?? Math.random;
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    throw new ValidationError('retry.maxAttempts', retry.maxAttempts, 'must be a whole number ≥ 1');
  }
  if (!Number.isInteger(maxBatchBytes) || maxBatchBytes < 1) {
    throw new ValidationError('maxBatchBytes', maxBatchBytes, 'must be a whole number ≥ 1');
  }
  for (const kind of KINDS) {
    if (!queueUrls[kind]) throw new ValidationError(`queueUrls.${kind}`, queueUrls[kind], 'must be a queue URL');
  }

  /**
   * Sends one batch, then its retryable failures again. Returns the entries not sent in the end, and, when a call
   * failed as a whole, its error and the entries it carried.
   */
  async function sendBatch(queueUrl: string, batch: readonly PreparedEntry[]): Promise<BatchOutcome> {
    const unsent: UnsentMessage[] = [];
    let pending = batch;
    for (let attempt = 0; ; attempt++) {
      let output: SendMessageBatchCommandOutput;
      try {
        output = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: pending.map((entry) => ({ Id: entry.id, MessageBody: entry.body })),
          }),
        );
      } catch (error) {
        return { unsent, failedCall: { error, pending } };
      }
      const succeeded = new Set((output.Successful ?? []).map((result) => result.Id));
      const failures = new Map((output.Failed ?? []).map((failure) => [failure.Id, failure]));
      const retryable: { entry: PreparedEntry; code: string }[] = [];
      for (const entry of pending) {
        if (succeeded.has(entry.id)) continue;
        // An entry the response does not mention at all was not confirmed: treat it as a failure SQS owns.
        const failure = failures.get(entry.id);
        const code = failure?.Code ?? 'NoResultForEntry';
        if (failure?.SenderFault === true) unsent.push({ jobId: entry.jobId, code, senderFault: true });
        else retryable.push({ entry, code });
      }
      if (retryable.length === 0) return { unsent };
      if (attempt + 1 >= retry.maxAttempts) {
        unsent.push(...retryable.map(({ entry, code }) => ({ jobId: entry.jobId, code, senderFault: false })));
        return { unsent };
      }
      await sleep(backoffDelay(attempt, retry, random));
      pending = retryable.map(({ entry }) => entry);
    }
  }

  return {
    async sendAll(messages) {
      const entries = prepareEntries(messages);
      const unsent: UnsentMessage[] = [];
      const calls: { queueUrl: string; batch: PreparedEntry[] }[] = [];
      for (const kind of KINDS) {
        const ofKind = entries.filter((_, index) => messages[index]?.kind === kind);
        const { batches, oversized } = packBatches(ofKind, maxBatchBytes);
        for (const entry of oversized) unsent.push({ jobId: entry.jobId, code: 'MessageTooLong', senderFault: true });
        for (const batch of batches) calls.push({ queueUrl: queueUrls[kind], batch });
      }
      for (const [index, { queueUrl, batch }] of calls.entries()) {
        const outcome = await sendBatch(queueUrl, batch);
        unsent.push(...outcome.unsent);
        if (outcome.failedCall !== undefined) {
          const { error, pending } = outcome.failedCall;
          const code = error instanceof Error ? error.name : 'UnknownError';
          const senderFault = (error as { $fault?: unknown } | null)?.$fault === 'client';
          const remaining = [...pending, ...calls.slice(index + 1).flatMap((call) => call.batch)];
          unsent.push(...remaining.map((entry) => ({ jobId: entry.jobId, code, senderFault })));
          throw new QueueSendError(unsent, messages.length, { cause: error });
        }
      }
      if (unsent.length > 0) throw new QueueSendError(unsent, messages.length);
    },
  };
}
