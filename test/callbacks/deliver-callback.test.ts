/**
 * The callback sender against a real local HTTP server playing Moodle and a real SQS queue (fauxqs): every attempt
 * is signed afresh and verifies, the id stays the same, and a refused attempt comes back only after its backoff.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFetchCallbackPoster } from '#adapters/callbacks/fetch-callback-poster.js';
import { type LocalAws, startLocalAws } from '#adapters/local-aws/start-local-aws.js';
import { makeSqsCallbackOutbox, makeSqsRedeliveryDelay } from '#adapters/sqs/sqs-callback-outbox.js';
import { createSqsClient } from '#adapters/sqs/sqs-client.js';
import { CallbackNotDeliveredError } from '#domain/callback-delivery.js';
import { buildCallbackEvent } from '#domain/callback-event.js';
import { verifyWebhookSignature } from '#domain/webhook-signature.js';
import { makeDeliverCallback } from '#use-cases/deliver-callback.js';
import { plannedJob, SLOT } from '../dynamodb/fixtures.js';

const SECRET = 'callback-secret-0123456789abcdef0123456789abcdef';

/** What Moodle's endpoint saw on each attempt. */
interface Attempt {
  id: string;
  verified: boolean;
  rawBody: string;
}

/** A Moodle callback endpoint that answers 503 to the first `failures` requests, then 200. */
async function startMoodle(failures: number): Promise<{ url: string; attempts: Attempt[]; server: Server }> {
  const attempts: Attempt[] = [];
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    let verified = true;
    try {
      const header = (name: string) => request.headers[name] as string | undefined;
      verifyWebhookSignature(
        { timestamp: header('x-manireports-timestamp'), signature: header('x-manireports-signature'), rawBody },
        [SECRET],
        () => Math.floor(Date.now() / 1000),
      );
    } catch {
      verified = false;
    }
    attempts.push({
      id: (JSON.parse(rawBody.toString('utf8')) as { id: string }).id,
      verified,
      rawBody: rawBody.toString(),
    });
    response.statusCode = attempts.length <= failures ? 503 : 200;
    response.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/local/manireports/cloud/callback.php`, attempts, server };
}

let aws: LocalAws;
let sqs: SQSClient;
beforeAll(async () => {
  aws = await startLocalAws();
  sqs = createSqsClient(aws.clientConfig.sqs);
});
afterAll(async () => {
  sqs.destroy();
  await aws.stop();
});

async function receiveOne(queueUrl: string) {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 1,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    }),
  );
  return Messages[0];
}

describe('delivering callbacks to Moodle', () => {
  it('retries a refused callback after its backoff, signing every attempt, until Moodle takes it', async () => {
    // Arrange
    const moodle = await startMoodle(2);
    const { QueueUrl: queueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'callbacks-retry' }));
    const job = { ...plannedJob(7), status: 'completed' as const, completedAt: SLOT + 600 };
    await makeSqsCallbackOutbox({ client: sqs, queueUrl }).enqueue(
      buildCallbackEvent('job.completed', job, SLOT + 7 * 86_400, SLOT + 600),
    );
    const deliver = makeDeliverCallback({
      post: makeFetchCallbackPoster({ url: moodle.url, timeoutMs: 2_000 }),
      secret: SECRET,
      clock: () => Math.floor(Date.now() / 1000),
      delayRedelivery: makeSqsRedeliveryDelay({ client: sqs, queueUrl }),
      // A ceiling of 1 s and a fixed draw: each retry waits exactly 1 s (SQS counts whole seconds).
      backoff: { baseMs: 1_000, maxMs: 1_000 },
      random: () => 0.5,
    });

    // Act: poll the queue like the event source, until the callback is delivered.
    const outcomes: string[] = [];
    let hiddenAfterFailure = true;
    for (let polls = 0; polls < 40 && !outcomes.includes('delivered'); polls += 1) {
      const message = await receiveOne(queueUrl);
      if (message === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      const queued = {
        body: message.Body ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
      };
      try {
        await deliver(queued);
        outcomes.push('delivered');
      } catch (error) {
        outcomes.push(error instanceof CallbackNotDeliveredError ? `retry: ${error.reason}` : 'error');
        // The backoff holds the message back: it is not visible again at once.
        hiddenAfterFailure &&= (await receiveOne(queueUrl)) === undefined;
      }
    }
    moodle.server.close();

    // Assert
    expect(outcomes).toEqual(['retry: Moodle answered 503', 'retry: Moodle answered 503', 'delivered']);
    expect(hiddenAfterFailure).toBe(true);
    expect(moodle.attempts.map((attempt) => attempt.id)).toEqual([
      `job.completed:${job.jobId}`,
      `job.completed:${job.jobId}`,
      `job.completed:${job.jobId}`,
    ]);
    expect(moodle.attempts.every((attempt) => attempt.verified)).toBe(true);
    // The same bytes every time: Moodle de-duplicates by id and may compare bodies.
    expect(new Set(moodle.attempts.map((attempt) => attempt.rawBody)).size).toBe(1);
    expect(JSON.parse(moodle.attempts[0]?.rawBody ?? '{}')).toMatchObject({
      type: 'job.completed',
      job: { id: job.jobId, status: 'completed', completedAt: '2026-03-02T09:10:00Z' },
      schedule: { id: 7, nextRun: '2026-03-09T09:00:00Z' },
    });
  });

  it('counts a Moodle that does not answer within the timeout as not delivered', async () => {
    // Arrange: a server that takes requests and never answers.
    const silent = createServer(() => undefined);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    const delays: number[] = [];
    const deliver = makeDeliverCallback({
      post: makeFetchCallbackPoster({ url: `http://127.0.0.1:${port}/callback`, timeoutMs: 200 }),
      secret: SECRET,
      clock: () => Math.floor(Date.now() / 1000),
      delayRedelivery: async (_handle, seconds) => {
        delays.push(seconds);
      },
      backoff: { baseMs: 30_000, maxMs: 3_600_000 },
      random: () => 0.99,
    });
    const body = JSON.stringify(buildCallbackEvent('run.delegated_local', plannedJob(3), undefined, SLOT));

    // Act
    const attempt = deliver({ body, receiptHandle: 'handle-1', receiveCount: 3 });

    // Assert: the third receive backs off within 4 × 30 s.
    await expect(attempt).rejects.toBeInstanceOf(CallbackNotDeliveredError);
    expect(delays).toEqual([119]);
    silent.closeAllConnections();
    silent.close();
  });
});
