import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION, type LocalAws, startLocalAws } from '#adapters/local-aws/start-local-aws.js';
import { inProcessFunction, type LambdaHandler } from '#adapters/local-lambda/local-function.js';
import { makeSqsEventSource, type PollReport } from '#adapters/local-lambda/sqs-event-source.js';
import { createWorkQueues } from '#adapters/sqs/create-work-queues.js';
import { createSqsClient } from '#adapters/sqs/sqs-client.js';

let local: LocalAws;
let client: SQSClient;

beforeAll(async () => {
  local = await startLocalAws();
  client = createSqsClient(local.clientConfig.sqs);
});

afterAll(async () => {
  client.destroy();
  await local.stop();
});

/** A fresh queue (with its DLQ) whose messages come back 1 s after a failed delivery, holding `bodies`. */
async function queueWith(bodies: string[], maxReceiveCount = 5): Promise<string> {
  const name = `poll-${randomUUID().slice(0, 8)}`;
  const { queueUrls } = await createWorkQueues(
    client,
    { work: name },
    { visibilityTimeoutSeconds: 1, maxReceiveCount },
  );
  if (bodies.length === 0) return queueUrls.work;
  await client.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrls.work,
      Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })),
    }),
  );
  return queueUrls.work;
}

async function messageCounts(queueUrl: string) {
  const { Attributes = {} } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible),
  };
}

function eventSourceFor(
  queueUrl: string,
  handler: LambdaHandler<SQSEvent, SQSBatchResponse | null | undefined>,
  timeoutMs = 5_000,
) {
  const fn = inProcessFunction({ functionName: 'worker-under-test', timeoutMs, region: LOCAL_REGION }, handler);
  return makeSqsEventSource({ client, queueUrl, region: LOCAL_REGION, function: fn, waitTimeSeconds: 0 });
}

const bodiesOf = (records: readonly SQSRecord[]) => records.map((record) => record.body).sort();

/** Polls until a poll receives something, for at most `ms` (a failed record is invisible until its timeout ends). */
async function pollUntilReceived(poll: () => Promise<PollReport>, ms = 5_000): Promise<PollReport> {
  const until = Date.now() + ms;
  for (;;) {
    const report = await poll();
    if (report.received > 0 || Date.now() > until) return report;
    await sleep(100);
  }
}

describe('the local SQS event source', () => {
  it('hands the function records shaped as Lambda builds them', async () => {
    // Arrange
    const queueUrl = await queueWith([]);
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: '{"hello":"wörld"}',
        MessageAttributes: { origin: { DataType: 'String', StringValue: 'planner' } },
      }),
    );
    const seen: SQSEvent[] = [];
    const source = await eventSourceFor(queueUrl, async (event) => {
      seen.push(event);
      return { batchItemFailures: [] };
    });

    // Act
    const report = await source.poll();

    // Assert
    expect(report.received).toBe(1);
    const record = seen[0]?.Records[0];
    expect(record).toMatchObject({
      body: '{"hello":"wörld"}',
      md5OfBody: createHash('md5').update('{"hello":"wörld"}', 'utf8').digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: source.queueArn,
      awsRegion: LOCAL_REGION,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {
        origin: { stringValue: 'planner', stringListValues: [], binaryListValues: [], dataType: 'String' },
      },
    });
    expect(source.queueArn).toMatch(/^arn:aws:sqs:/);
    expect(record?.messageId).toEqual(expect.any(String));
    expect(record?.receiptHandle).toEqual(expect.any(String));
    for (const name of ['SentTimestamp', 'SenderId', 'ApproximateFirstReceiveTimestamp'] as const) {
      expect(record?.attributes[name], name).toEqual(expect.any(String));
    }
  });

  it('deletes the records the function finished and redelivers the one it reported as failed', async () => {
    // Arrange
    const queueUrl = await queueWith(['a', 'b', 'poison', 'c']);
    const source = await eventSourceFor(queueUrl, async (event) => ({
      batchItemFailures: event.Records.filter((record) => record.body === 'poison').map((record) => ({
        itemIdentifier: record.messageId,
      })),
    }));

    // Act
    const first = await source.poll();
    const afterFirst = await messageCounts(queueUrl);
    const second = await pollUntilReceived(() => source.poll());

    // Assert
    expect(first.received).toBe(4);
    expect(bodiesOf(first.deleted)).toEqual(['a', 'b', 'c']);
    expect(bodiesOf(first.failed)).toEqual(['poison']);
    expect(afterFirst).toEqual({ visible: 0, inFlight: 1 });
    expect(second.received).toBe(1);
    expect(bodiesOf(second.failed)).toEqual(['poison']);
    expect(second.failed[0]?.attributes.ApproximateReceiveCount).toBe('2');
  });

  it('leaves the whole batch on the queue when the function throws', async () => {
    // Arrange
    const queueUrl = await queueWith(['a', 'b']);
    const source = await eventSourceFor(queueUrl, async () => {
      throw new Error('database down');
    });

    // Act
    const report = await source.poll();

    // Assert
    expect(report.outcome).toMatchObject({
      status: 'failed',
      error: { errorType: 'Error', errorMessage: 'database down' },
    });
    expect(report.deleted).toEqual([]);
    expect(bodiesOf(report.failed)).toEqual(['a', 'b']);
    expect(await messageCounts(queueUrl)).toEqual({ visible: 0, inFlight: 2 });
  });

  it('treats a response naming a record that is not in the batch as a failure of the whole batch', async () => {
    // Arrange
    const queueUrl = await queueWith(['a', 'b']);
    const source = await eventSourceFor(queueUrl, async () => ({
      batchItemFailures: [{ itemIdentifier: 'not-a-message-of-this-batch' }],
    }));

    // Act
    const report = await source.poll();

    // Assert
    expect(report.deleted).toEqual([]);
    expect(bodiesOf(report.failed)).toEqual(['a', 'b']);
  });

  it('takes a function that returns nothing as having finished every record', async () => {
    // Arrange
    const queueUrl = await queueWith(['a', 'b']);
    const source = await eventSourceFor(queueUrl, async () => undefined);

    // Act
    const report = await source.poll();

    // Assert
    expect(bodiesOf(report.deleted)).toEqual(['a', 'b']);
    expect(await messageCounts(queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('leaves the batch on the queue when the function runs past its timeout', async () => {
    // Arrange: a 50 ms timeout, a function that takes 200 ms.
    const queueUrl = await queueWith(['slow']);
    const remaining: number[] = [];
    const source = await eventSourceFor(
      queueUrl,
      async (_event, context) => {
        remaining.push(context.getRemainingTimeInMillis());
        await sleep(200);
        return { batchItemFailures: [] };
      },
      50,
    );

    // Act
    const report = await source.poll();

    // Assert
    expect(report.outcome?.status).toBe('timed_out');
    expect(bodiesOf(report.failed)).toEqual(['slow']);
    expect(remaining[0]).toBeGreaterThan(0);
    expect(remaining[0]).toBeLessThanOrEqual(50);
  });

  it('receives at most the batch size per invocation', async () => {
    // Arrange
    const queueUrl = await queueWith(Array.from({ length: 10 }, (_, index) => `m${index}`));
    const fn = inProcessFunction<SQSEvent, SQSBatchResponse>(
      { functionName: 'small-batches', timeoutMs: 5_000, region: LOCAL_REGION },
      async () => ({ batchItemFailures: [] }),
    );
    const source = await makeSqsEventSource({
      client,
      queueUrl,
      region: LOCAL_REGION,
      function: fn,
      batchSize: 3,
      waitTimeSeconds: 0,
    });

    // Act
    const report = await source.poll();

    // Assert
    expect(report.received).toBeLessThanOrEqual(3);
    expect(report.deleted).toHaveLength(report.received);
  });
});
