import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '#adapters/local-aws/start-local-aws.js';
import { createWorkQueues } from '#adapters/sqs/create-work-queues.js';
import { QueueSendError } from '#adapters/sqs/queue-send-error.js';
import { createSqsClient } from '#adapters/sqs/sqs-client.js';
import { makeSqsWorkQueue, type SqsWorkQueueOptions } from '#adapters/sqs/sqs-work-queue.js';
import { ValidationError } from '#domain/errors.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { injectEntryFailures, recordBatchCalls } from './batch-middleware.js';
import { drainQueue, makeMessageOfSize, makeWorkMessage } from './work-message-fixtures.js';

let local: LocalAws;
const clients: SQSClient[] = [];

beforeAll(async () => {
  local = await startLocalAws();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await local.stop();
});

/** A fresh client (so middleware stays per test) and a fresh pair of queues. */
async function setUp(overrides: Partial<SqsWorkQueueOptions> = {}) {
  const client = createSqsClient(local.clientConfig.sqs);
  clients.push(client);
  const suffix = randomUUID().slice(0, 8);
  const { queueUrls } = await createWorkQueues(client, { email: `email-${suffix}`, certificate: `cert-${suffix}` });
  const calls = recordBatchCalls(client);
  const delays: number[] = [];
  const queue = makeSqsWorkQueue({
    client,
    queueUrls,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { client, queueUrls, calls, delays, queue };
}

const ids = (count: number, prefix = 'job') => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
const jobIdsOf = (bodies: string[]) => bodies.map((body) => parseWorkMessage(body).jobId).sort();

describe('makeSqsWorkQueue against fauxqs', () => {
  it('sends 10 messages in one call and 11 in two calls (10, then 1)', async () => {
    // Arrange
    const { client, queueUrls, calls, queue } = await setUp();
    const ten = ids(10, 'a').map((id) => makeWorkMessage(id));
    const eleven = ids(11, 'b').map((id) => makeWorkMessage(id));

    // Act
    await queue.sendAll(ten);
    const callsForTen = calls.length;
    await queue.sendAll(eleven);

    // Assert
    expect(callsForTen).toBe(1);
    expect(calls.map((call) => call.Entries?.length)).toEqual([10, 10, 1]);
    const bodies = await drainQueue(client, queueUrls.email);
    expect(jobIdsOf(bodies)).toEqual([...ids(10, 'a'), ...ids(11, 'b')].sort());
    const first = bodies.map(parseWorkMessage).find((message) => message.jobId === 'a-0');
    expect(first).toEqual(ten[0]);
  });

  it('routes each message to the queue of its kind', async () => {
    // Arrange
    const { client, queueUrls, calls, queue } = await setUp();
    const messages = [
      makeWorkMessage('e1'),
      makeWorkMessage('c1', { kind: 'certificate', actionType: 'certificate' }),
      makeWorkMessage('e2'),
      makeWorkMessage('c2', { kind: 'certificate', actionType: 'both' }),
      makeWorkMessage('e3'),
    ];

    // Act
    await queue.sendAll(messages);

    // Assert
    expect(calls.map((call) => call.QueueUrl)).toEqual([queueUrls.email, queueUrls.certificate]);
    expect(jobIdsOf(await drainQueue(client, queueUrls.email))).toEqual(['e1', 'e2', 'e3']);
    expect(jobIdsOf(await drainQueue(client, queueUrls.certificate))).toEqual(['c1', 'c2']);
  });

  it('splits a batch whose total would exceed 256 KiB', async () => {
    // Arrange: six messages of ~100 KB: two fit under 256 KiB, three do not.
    const { client, queueUrls, calls, queue } = await setUp();
    const messages = ids(6, 'big').map((id) => makeMessageOfSize(id, 100_000));

    // Act
    await queue.sendAll(messages);

    // Assert
    expect(calls.map((call) => call.Entries?.length)).toEqual([2, 2, 2]);
    for (const call of calls) {
      const bytes = (call.Entries ?? []).reduce((sum, entry) => sum + Buffer.byteLength(entry.MessageBody ?? ''), 0);
      expect(bytes).toBeLessThanOrEqual(256 * 1024);
    }
    const bodies = await drainQueue(client, queueUrls.email);
    expect(jobIdsOf(bodies)).toEqual(ids(6, 'big'));
    expect(bodies.every((body) => parseWorkMessage(body).scheduleName.length > 99_000)).toBe(true);
  });

  it('does not send a message larger than a batch may be, sends the rest, and names it in QueueSendError', async () => {
    // Arrange
    const { client, queueUrls, calls, queue } = await setUp();
    const messages = [makeWorkMessage('small-1'), makeMessageOfSize('huge', 300_000), makeWorkMessage('small-2')];

    // Act
    const error = await queue.sendAll(messages).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(QueueSendError);
    expect(error).toMatchObject({ unsentCount: 1, totalCount: 3, unsent: [{ jobId: 'huge', code: 'MessageTooLong' }] });
    expect(calls).toHaveLength(1);
    expect(jobIdsOf(await drainQueue(client, queueUrls.email))).toEqual(['small-1', 'small-2']);
  });

  it('retries only the entries a batch reports as failed, after a backoff delay', async () => {
    // Arrange: entry job-3 fails once on the "server" side (injected: no local server fails one entry).
    const { client, queueUrls, calls, delays, queue } = await setUp();
    injectEntryFailures(client, (entry) => entry.MessageBody?.includes('"jobId":"job-3"') ?? false, 1);

    // Act
    await queue.sendAll(ids(10).map((id) => makeWorkMessage(id)));

    // Assert
    expect(calls.map((call) => call.Entries?.length)).toEqual([10, 1]);
    expect(calls[1]?.Entries?.[0]?.Id).toBe('m3');
    expect(delays).toEqual([50]); // backoffDelay(0, { baseMs: 100 }) with the random source fixed at 0.5
    expect(jobIdsOf(await drainQueue(client, queueUrls.email))).toEqual(ids(10).sort());
  });

  it('throws QueueSendError naming the unsent count when an entry keeps failing, after sending the rest', async () => {
    // Arrange: entry job-7 fails on every attempt (injected, as above).
    const { client, queueUrls, calls, delays, queue } = await setUp({
      retry: { maxAttempts: 3, baseMs: 100, maxMs: 1_000 },
    });
    injectEntryFailures(client, (entry) => entry.MessageBody?.includes('"jobId":"job-7"') ?? false, 100);
    const messages = [...ids(10).map((id) => makeWorkMessage(id)), makeWorkMessage('job-10')];

    // Act
    const error = await queue.sendAll(messages).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(QueueSendError);
    expect(error).toMatchObject({ unsentCount: 1, totalCount: 11 });
    expect((error as QueueSendError).message).toMatch(/^1 of 11 work messages could not be sent/);
    expect(calls.map((call) => call.Entries?.length)).toEqual([10, 1, 1, 1]);
    expect(delays).toEqual([50, 100]);
    const expected = [...ids(10), 'job-10'].filter((id) => id !== 'job-7').sort();
    expect(jobIdsOf(await drainQueue(client, queueUrls.email))).toEqual(expected);
  });

  it('does not retry an entry the server rejects as the sender’s fault', async () => {
    // Arrange: a queue that takes at most 1 KiB per message, so the real server fails the one long entry.
    const { client, calls } = await setUp();
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({
        QueueName: `tiny-${randomUUID().slice(0, 8)}`,
        Attributes: { MaximumMessageSize: '1024' },
      }),
    );
    const queue = makeSqsWorkQueue({ client, queueUrls: { email: QueueUrl ?? '', certificate: QueueUrl ?? '' } });
    const messages = [makeWorkMessage('fits'), makeMessageOfSize('too-long', 2_000)];

    // Act
    const error = await queue.sendAll(messages).catch((caught: unknown) => caught);

    // Assert
    expect(error).toMatchObject({ unsentCount: 1, unsent: [{ jobId: 'too-long', senderFault: true }] });
    expect(calls).toHaveLength(1);
    expect(await drainQueue(client, QueueUrl ?? '')).toHaveLength(1);
  });

  it('stops and counts every message unsent when a whole call fails', async () => {
    // Arrange: a queue that does not exist; the real server refuses the call.
    const { client } = await setUp();
    const missing = `${local.endpoints.sqs}/000000000000/no-such-queue`;
    const queue = makeSqsWorkQueue({ client, queueUrls: { email: missing, certificate: missing } });

    // Act
    const error = await queue.sendAll(ids(12).map((id) => makeWorkMessage(id))).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(QueueSendError);
    expect(error).toMatchObject({ unsentCount: 12, totalCount: 12 });
    expect((error as QueueSendError).cause).toBeInstanceOf(Error);
  });

  it('sends nothing for no messages', async () => {
    // Arrange
    const { calls, queue } = await setUp();

    // Act
    await queue.sendAll([]);

    // Assert
    expect(calls).toHaveLength(0);
  });

  it('rejects bad options with a ValidationError naming the option', () => {
    // Arrange
    const client = createSqsClient(local.clientConfig.sqs);
    clients.push(client);

    // Act
    const attempt = () =>
      makeSqsWorkQueue({
        client,
        queueUrls: { email: 'x', certificate: '' },
        retry: { maxAttempts: 1, baseMs: 1, maxMs: 1 },
      });

    // Assert
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/queueUrls\.certificate/);
  });
});
