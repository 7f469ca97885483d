/**
 * The environment the pipeline's functions share: where the tables, queues and bucket are. In AWS the CDK app sets
 * these; locally `manireports-cloud run` does, adding the `AWS_ENDPOINT_URL_*` overrides for the local servers.
 */
import { z } from 'zod';
import { httpUrl, parseEnvironment, wholeNumber } from './parse-environment.js';

const name = z.string().min(1);

const STORE_ENVIRONMENT = {
  AWS_REGION: name,
  MANIREPORTS_JOBS_TABLE: name,
  MANIREPORTS_RECIPIENTS_TABLE: name,
  MANIREPORTS_SCHEDULE_RUNS_TABLE: name,
  MANIREPORTS_RECIPIENT_RETENTION_DAYS: wholeNumber(1).default(90),
  AWS_ENDPOINT_URL_DYNAMODB: httpUrl.optional(),
};

const QUEUE_ENVIRONMENT = {
  MANIREPORTS_EMAIL_QUEUE_URL: httpUrl,
  MANIREPORTS_CERTIFICATE_QUEUE_URL: httpUrl,
  AWS_ENDPOINT_URL_SQS: httpUrl.optional(),
};

const BUCKET_ENVIRONMENT = {
  MANIREPORTS_CERTIFICATE_BUCKET: name,
  /** Unset: SSE-S3 (AES256). */
  MANIREPORTS_CERTIFICATE_KMS_KEY_ID: name.optional(),
  AWS_ENDPOINT_URL_S3: httpUrl.optional(),
};

const CALLBACK_QUEUE_ENVIRONMENT = {
  /** The callbacks-to-Moodle queue; unset: no callbacks are sent (the status API still has every outcome). */
  MANIREPORTS_CALLBACK_QUEUE_URL: httpUrl.optional(),
  AWS_ENDPOINT_URL_SQS: httpUrl.optional(),
};

const SNAPSHOTS_ENVIRONMENT = {
  /** What the webhook stored per schedule: templates and run-now requests. */
  MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE: name,
};

export type StoreEnvironment = ReturnType<typeof readStoreEnvironment>;
export type QueueEnvironment = ReturnType<typeof readQueueEnvironment>;
export type BucketEnvironment = ReturnType<typeof readBucketEnvironment>;

export function readStoreEnvironment(env: Record<string, string | undefined>) {
  return parseEnvironment(STORE_ENVIRONMENT, env);
}

export function readQueueEnvironment(env: Record<string, string | undefined>) {
  return parseEnvironment({ AWS_REGION: name, ...QUEUE_ENVIRONMENT }, env);
}

export function readBucketEnvironment(env: Record<string, string | undefined>) {
  return parseEnvironment({ AWS_REGION: name, ...BUCKET_ENVIRONMENT }, env);
}

export type CallbackQueueEnvironment = ReturnType<typeof readCallbackQueueEnvironment>;

export function readCallbackQueueEnvironment(env: Record<string, string | undefined>) {
  return parseEnvironment({ AWS_REGION: name, ...CALLBACK_QUEUE_ENVIRONMENT }, env);
}

export function readSnapshotsEnvironment(env: Record<string, string | undefined>) {
  return parseEnvironment(SNAPSHOTS_ENVIRONMENT, env);
}
