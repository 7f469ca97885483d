import { randomUUID } from 'node:crypto';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '#adapters/local-aws/start-local-aws.js';
import { createWorkQueues } from '#adapters/sqs/create-work-queues.js';
import { createSqsClient } from '#adapters/sqs/sqs-client.js';
import { ValidationError } from '#domain/errors.js';

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

const uniqueNames = () => {
  const suffix = randomUUID().slice(0, 8);
  return { email: `email-${suffix}`, certificate: `cert-${suffix}` };
};

async function attributesOf(queueUrl: string): Promise<Record<string, string>> {
  const output = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));
  return output.Attributes ?? {};
}

async function receiveOne(queueUrl: string) {
  const { Messages = [] } = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    }),
  );
  return Messages[0];
}

describe('createWorkQueues against fauxqs', () => {
  it('creates each queue with a DLQ, maxReceiveCount 5 and a 30 s visibility timeout by default', async () => {
    // Arrange
    const names = uniqueNames();

    // Act
    const { queueUrls, deadLetterUrls } = await createWorkQueues(client, names);

    // Assert
    expect(queueUrls.email).toMatch(/\/email-[0-9a-f]{8}$/);
    expect(deadLetterUrls.certificate).toMatch(/\/cert-[0-9a-f]{8}-dlq$/);
    const email = await attributesOf(queueUrls.email);
    const emailDlq = await attributesOf(deadLetterUrls.email);
    expect(email.VisibilityTimeout).toBe('30');
    expect(JSON.parse(email.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: emailDlq.QueueArn,
      maxReceiveCount: 5,
    });
    expect(emailDlq.MessageRetentionPeriod).toBe(String(14 * 24 * 3600));
  });

  it('moves a message that was received maxReceiveCount times without being deleted to the DLQ', async () => {
    // Arrange: visibility timeout 0, so a received message is visible again at once (no waiting on a clock).
    const { queueUrls, deadLetterUrls } = await createWorkQueues(client, uniqueNames(), {
      maxReceiveCount: 2,
      visibilityTimeoutSeconds: 0,
    });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrls.email, MessageBody: '{"poison":true}' }));

    // Act: receive until the queue gives nothing more (bounded, in case redrive never happens).
    const receiveCounts: string[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const message = await receiveOne(queueUrls.email);
      if (message === undefined) break;
      receiveCounts.push(message.Attributes?.ApproximateReceiveCount ?? '?');
    }
    const deadLetter = await receiveOne(deadLetterUrls.email);

    // Assert
    expect(receiveCounts).toEqual(['1', '2']);
    expect(deadLetter?.Body).toBe('{"poison":true}');
    expect(await receiveOne(deadLetterUrls.certificate)).toBeUndefined();
  });

  it('returns the same URLs when the queues already exist', async () => {
    // Arrange
    const names = uniqueNames();
    const first = await createWorkQueues(client, names, { maxReceiveCount: 3 });

    // Act
    const second = await createWorkQueues(client, names, { maxReceiveCount: 3 });

    // Assert
    expect(second).toEqual(first);
  });

  it.each([
    ['maxReceiveCount', { maxReceiveCount: 0 }],
    ['visibilityTimeoutSeconds', { visibilityTimeoutSeconds: 43_201 }],
  ])('rejects a bad %s with a ValidationError naming it', async (field, settings) => {
    // Arrange
    const names = uniqueNames();

    // Act
    const error = await createWorkQueues(client, names, settings).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field });
  });
});
