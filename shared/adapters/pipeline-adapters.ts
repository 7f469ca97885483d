/**
 * Builds the pipeline's AWS adapters from the shared environment, once per cold start. Each client honours the
 * `AWS_ENDPOINT_URL_*` override so the same code talks to AWS or to the local servers.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type BucketEnvironment,
  type QueueEnvironment,
  readCallbackQueueEnvironment,
  type StoreEnvironment,
} from '#config/pipeline-environment.js';
import type { CertificateStore } from '#domain/certificate-store.js';
import type { JobStore } from '#domain/job-store.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import type { ScheduleRunStateStore } from '#domain/schedule-run-state.js';
import type { WorkQueue } from '#domain/work-message.js';
import { type JobCallbacks, makeJobCallbacks } from '#use-cases/job-callbacks.js';
import { createDynamoClient } from './dynamodb/dynamo-client.js';
import { makeDynamoJobStore } from './dynamodb/dynamo-job-store.js';
import { makeDynamoRecipientLedger } from './dynamodb/dynamo-recipient-ledger.js';
import { makeDynamoScheduleRunStateStore } from './dynamodb/dynamo-schedule-run-state-store.js';
import { logger } from './observability/powertools.js';
import { makeS3CertificateStore } from './s3/s3-certificate-store.js';
import { createS3Client } from './s3/s3-client.js';
import { makeCallbackOutbox } from './sqs/sqs-callback-outbox.js';
import { createSqsClient } from './sqs/sqs-client.js';
import { makeSqsWorkQueue } from './sqs/sqs-work-queue.js';

const SECONDS_PER_DAY = 86_400;

export interface Stores {
  jobs: JobStore;
  ledger: RecipientLedger;
  runState: ScheduleRunStateStore;
  /** The client the stores share; a function's other tables use it too (one client per cold start). */
  client: DynamoDBClient;
}

export function makeStores(env: StoreEnvironment): Stores {
  const client = createDynamoClient({
    region: env.AWS_REGION,
    ...(env.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: env.AWS_ENDPOINT_URL_DYNAMODB } : {}),
  });
  return {
    jobs: makeDynamoJobStore({ client, tableName: env.MANIREPORTS_JOBS_TABLE }),
    ledger: makeDynamoRecipientLedger({
      client,
      tableName: env.MANIREPORTS_RECIPIENTS_TABLE,
      retentionSeconds: env.MANIREPORTS_RECIPIENT_RETENTION_DAYS * SECONDS_PER_DAY,
    }),
    runState: makeDynamoScheduleRunStateStore({ client, tableName: env.MANIREPORTS_SCHEDULE_RUNS_TABLE }),
    client,
  };
}

export function makeWorkQueue(env: QueueEnvironment): WorkQueue {
  const client = createSqsClient({
    region: env.AWS_REGION,
    ...(env.AWS_ENDPOINT_URL_SQS ? { endpoint: env.AWS_ENDPOINT_URL_SQS } : {}),
  });
  return makeSqsWorkQueue({
    client,
    queueUrls: { email: env.MANIREPORTS_EMAIL_QUEUE_URL, certificate: env.MANIREPORTS_CERTIFICATE_QUEUE_URL },
  });
}

export function makeCertificateStore(env: BucketEnvironment): CertificateStore {
  const client = createS3Client({
    region: env.AWS_REGION,
    ...(env.AWS_ENDPOINT_URL_S3 ? { endpoint: env.AWS_ENDPOINT_URL_S3 } : {}),
  });
  return makeS3CertificateStore({
    client,
    bucket: env.MANIREPORTS_CERTIFICATE_BUCKET,
    keyPrefix: '',
    ...(env.MANIREPORTS_CERTIFICATE_KMS_KEY_ID ? { kmsKeyId: env.MANIREPORTS_CERTIFICATE_KMS_KEY_ID } : {}),
  });
}

/**
 * The job callbacks a function queues for Moodle (`run.delegated_local`, `job.completed`), on the callbacks queue
 * named by `MANIREPORTS_CALLBACK_QUEUE_URL` (none when unset). A callback that cannot be queued is logged and lost:
 * the status API still has the outcome.
 */
export function makeJobCallbacksFromEnvironment(
  env: Record<string, string | undefined>,
  stores: Pick<Stores, 'jobs' | 'runState'>,
  clock: () => number,
): JobCallbacks {
  return makeJobCallbacks({
    outbox: makeCallbackOutbox(readCallbackQueueEnvironment(env)),
    jobs: stores.jobs,
    runState: stores.runState,
    clock,
    onLost: (callbackId, error) => logger.error('callback not enqueued', { callbackId, error }),
  });
}
