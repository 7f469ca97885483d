/**
 * The {@link CallbackOutbox} port on SQS: each callback is one message whose body is the callback's JSON, exactly
 * the bytes the sender will sign and POST. The sender (lambdas/moodle-callback) retries with backoff by moving the
 * message's visibility; after `maxReceiveCount` receives it lands in the queue's DLQ.
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CallbackQueueEnvironment } from '#config/pipeline-environment.js';
import { type CallbackOutbox, NULL_CALLBACK_OUTBOX } from '#domain/callback-event.js';
import { createSqsClient } from './sqs-client.js';

export interface SqsCallbackQueueOptions {
  client: SQSClient;
  queueUrl: string;
}

export function makeSqsCallbackOutbox({ client, queueUrl }: SqsCallbackQueueOptions): CallbackOutbox {
  return {
    enabled: true,
    async enqueue(event) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }));
    },
  };
}

/** Sets when SQS may deliver a received message again (its visibility timeout, from now), by receipt handle. */
export function makeSqsRedeliveryDelay({ client, queueUrl }: SqsCallbackQueueOptions) {
  return async (receiptHandle: string, seconds: number): Promise<void> => {
    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  };
}

/** The outbox a function's environment asks for: SQS when `MANIREPORTS_CALLBACK_QUEUE_URL` is set, else none. */
export function makeCallbackOutbox(env: CallbackQueueEnvironment): CallbackOutbox {
  if (!env.MANIREPORTS_CALLBACK_QUEUE_URL) return NULL_CALLBACK_OUTBOX;
  const client = createSqsClient({
    region: env.AWS_REGION,
    ...(env.AWS_ENDPOINT_URL_SQS ? { endpoint: env.AWS_ENDPOINT_URL_SQS } : {}),
  });
  return makeSqsCallbackOutbox({ client, queueUrl: env.MANIREPORTS_CALLBACK_QUEUE_URL });
}
