/**
 * A work queue and its dead-letter queue, shaped like the local ones (shared/adapters/sqs/create-work-queues.ts):
 * redrive after a few receives, a visibility timeout of 6× the consumer's timeout, SSE and TLS only.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEAD_LETTER_RETENTION_DAYS } from '../config/timings.js';

/** Two weeks, SQS's longest: a message in a DLQ is evidence, and should outlive a long weekend. */
const DEAD_LETTER_RETENTION = Duration.days(DEAD_LETTER_RETENTION_DAYS);

export interface WorkQueueProps {
  /** The consuming function's visibility timeout (6× its timeout). */
  visibilityTimeout: Duration;
  /** Receives before the message moves to the DLQ. @default 5 */
  maxReceiveCount?: number;
  /** @default 4 days */
  retentionPeriod?: Duration;
}

export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetter', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retentionPeriod ?? Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
