/**
 * Creates work queues, each with its dead-letter queue, on a local SQS server (fauxqs) for the local run and the
 * tests. In AWS the CDK stack creates them; this mirrors that shape so that redrive behaves the same locally.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { AppError, ValidationError } from '#domain/errors.js';

export interface WorkQueueSettings {
  /** Receives after which SQS moves a message to the DLQ. @default 5 */
  maxReceiveCount?: number;
  /** Seconds a received message stays hidden; match the worker's timeout. @default 30 */
  visibilityTimeoutSeconds?: number;
  /** Appended to each queue's name to name its DLQ. @default '-dlq' */
  deadLetterSuffix?: string;
}

/** The URLs of the queues created, by the same keys as the names given. */
export interface CreatedWorkQueues<K extends string> {
  queueUrls: Record<K, string>;
  deadLetterUrls: Record<K, string>;
}

/** The server answered without what a queue must have; a broken or incompatible server, not a caller's mistake. */
export class QueueSetupError extends AppError {
  constructor(
    readonly queueName: string,
    problem: string,
  ) {
    super(`queue ${queueName}: ${problem}`);
  }
}

/** Two weeks, SQS's longest: a message in a DLQ is evidence, and should outlive a long weekend. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/**
 * Creates (or finds, since CreateQueue with the same attributes is idempotent) each queue and its DLQ.
 *
 * @param names Queue name per key, e.g. `{ email: 'mr-email', certificate: 'mr-certificate' }`.
 * @throws ValidationError for a `maxReceiveCount` outside 1–1000 or a visibility timeout outside 0–43200 s.
 */
export async function createWorkQueues<K extends string>(
  client: SQSClient,
  names: Readonly<Record<K, string>>,
  settings: WorkQueueSettings = {},
): Promise<CreatedWorkQueues<K>> {
  const { maxReceiveCount = 5, visibilityTimeoutSeconds = 30, deadLetterSuffix = '-dlq' } = settings;
  checkRange('maxReceiveCount', maxReceiveCount, 1, 1000);
  checkRange('visibilityTimeoutSeconds', visibilityTimeoutSeconds, 0, 43_200);
  const queueUrls = {} as Record<K, string>;
  const deadLetterUrls = {} as Record<K, string>;
  for (const key of Object.keys(names) as K[]) {
    const name = names[key];
    const deadLetterUrl = await createQueue(client, `${name}${deadLetterSuffix}`, {
      MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_SECONDS),
    });
    const attributes = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }),
    );
    const deadLetterArn = attributes.Attributes?.QueueArn;
    if (deadLetterArn === undefined)
      throw new QueueSetupError(`${name}${deadLetterSuffix}`, 'SQS returned no QueueArn');
    queueUrls[key] = await createQueue(client, name, {
      VisibilityTimeout: String(visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterArn, maxReceiveCount }),
    });
    deadLetterUrls[key] = deadLetterUrl;
  }
  return { queueUrls, deadLetterUrls };
}

async function createQueue(client: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  const output = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (output.QueueUrl === undefined) throw new QueueSetupError(name, 'SQS returned no QueueUrl');
  return output.QueueUrl;
}

function checkRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, value, `must be a whole number from ${min} to ${max}`);
  }
}
