/**
 * The two workers of the pipeline stack, each on its queue with partial batch responses and maximum concurrency
 * from config: the email worker (SES through the configuration set) and the certificate worker (renders into the
 * bucket, registers each certificate for /verify, hands `both` mails to the email queue). They are created in the
 * stack's own scope, so their logical ids are the stack's.
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ConfigurationSet } from 'aws-cdk-lib/aws-ses';
import type { DeployConfig } from '../config/deploy-config.js';
import { CERTIFICATE_WORKER_TIMEOUT_SECONDS, EMAIL_WORKER_TIMEOUT_SECONDS } from '../config/timings.js';
import { bindBucket, bindQueue, bindSecret, bindTable } from '../constructs/bindings.js';
import { certificateBundledFiles } from '../constructs/certificate-font-files.js';
import { PipelineFunction, PROJECT_ROOT } from '../constructs/pipeline-function.js';
import { acknowledgeBucketObjects, acknowledgeStarResource } from '../nag-acknowledgements.js';
import type { StatefulStack } from './stateful-stack.js';

/** Where the certificate worker's bundle carries the fonts (Lambda unpacks the bundle into /var/task). */
const FONT_DIRECTORY = 'fonts';

export interface WorkerProps {
  config: DeployConfig;
  stateful: StatefulStack;
  logRetention: RetentionDays;
  /** Variables every function of the stack gets. */
  sharedEnvironment: Record<string, string>;
}

export function addEmailWorker(stack: Stack, props: WorkerProps & { configurationSet: ConfigurationSet }) {
  const { config, stateful, configurationSet } = props;
  const worker = new PipelineFunction(stack, 'EmailWorker', {
    entry: 'lambdas/email-worker/handler.ts',
    description: 'Sends each recipient of an email work message through SES',
    timeout: Duration.seconds(EMAIL_WORKER_TIMEOUT_SECONDS),
    logRetention: props.logRetention,
    environment: {
      ...props.sharedEnvironment,
      MANIREPORTS_MAIL_FROM: config.mailFrom,
      MANIREPORTS_SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      MANIREPORTS_MOODLE_URL: config.moodleUrl,
      // One value for both: the token bucket divides the rate by the concurrency SQS allows.
      MANIREPORTS_MAX_SEND_RATE: String(config.maxSendRate),
      MANIREPORTS_EMAIL_WORKER_CONCURRENCY: String(config.emailWorkerConcurrency),
    },
  });
  bindWorkerResources(worker, stateful);
  bindBucket(worker, {
    bucket: certificateBucketOf(stateful),
    envVar: 'MANIREPORTS_CERTIFICATE_BUCKET',
    accessMode: 'read',
  });
  // SES v2 SendEmail authorises against the sending identity and the configuration set.
  worker.role.addToPolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: config.sesIdentity }),
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: configurationSet.configurationSetName,
        }),
      ],
    }),
  );
  worker.function.addEventSource(
    new SqsEventSource(stateful.emailQueue.queue, {
      batchSize: config.emailBatchSize,
      maxConcurrency: config.emailWorkerConcurrency,
      reportBatchItemFailures: true,
    }),
  );
  return worker;
}

export function addCertificateWorker(stack: Stack, props: WorkerProps) {
  const { config, stateful } = props;
  const worker = new PipelineFunction(stack, 'CertificateWorker', {
    entry: 'lambdas/certificate-worker/handler.ts',
    description: 'Renders and stores each recipient certificate, then hands emails on',
    timeout: Duration.seconds(CERTIFICATE_WORKER_TIMEOUT_SECONDS),
    memorySize: 1024,
    logRetention: props.logRetention,
    environment: { ...props.sharedEnvironment, MANIREPORTS_FONT_DIR: `/var/task/${FONT_DIRECTORY}` },
    // Template faces, the Noto fallback slices (CJK included, ~40 MB) and HarfBuzz's WASM: docs/certificates.md.
    bundledFiles: certificateBundledFiles(PROJECT_ROOT, FONT_DIRECTORY),
  });
  bindSecret(worker, { secretArn: config.verificationSecretArn, envVar: 'MANIREPORTS_VERIFICATION_SECRET_ARN' });
  bindWorkerResources(worker, stateful);
  bindBucket(worker, {
    bucket: certificateBucketOf(stateful),
    envVar: 'MANIREPORTS_CERTIFICATE_BUCKET',
    accessMode: 'write',
  });
  bindQueue(worker, { queue: stateful.emailQueue.queue, envVar: 'MANIREPORTS_EMAIL_QUEUE_URL', accessMode: 'send' });
  bindTable(worker, {
    table: stateful.tables.certificates,
    envVar: 'MANIREPORTS_CERTIFICATES_TABLE',
    accessMode: 'readWrite', // the registry /verify reads
  });
  // Its code builds a client for both queues; it only ever sends to the email queue.
  bindQueue(worker, {
    queue: stateful.certificateQueue.queue,
    envVar: 'MANIREPORTS_CERTIFICATE_QUEUE_URL',
    accessMode: 'urlOnly',
  });
  worker.function.addEventSource(
    new SqsEventSource(stateful.certificateQueue.queue, {
      batchSize: config.certificateBatchSize,
      maxConcurrency: config.certificateWorkerConcurrency,
      reportBatchItemFailures: true,
    }),
  );
  return worker;
}

/**
 * What both workers share: they claim and settle recipient rows, read and count on their job, read the run state
 * (the next run a `job.completed` callback carries), and queue that callback when they settle a job's last recipient.
 */
function bindWorkerResources(worker: PipelineFunction, stateful: StatefulStack): void {
  const { tables } = stateful;
  bindTable(worker, { table: tables.jobs, envVar: 'MANIREPORTS_JOBS_TABLE', accessMode: 'readWrite' });
  bindTable(worker, { table: tables.recipients, envVar: 'MANIREPORTS_RECIPIENTS_TABLE', accessMode: 'readWrite' });
  bindTable(worker, { table: tables.scheduleRuns, envVar: 'MANIREPORTS_SCHEDULE_RUNS_TABLE', accessMode: 'read' });
  bindQueue(worker, {
    queue: stateful.callbackQueue.queue,
    envVar: 'MANIREPORTS_CALLBACK_QUEUE_URL',
    accessMode: 'send',
  });
  acknowledgeStarResource(worker.role, false);
  acknowledgeBucketObjects(worker.role, stateful.certificateBucketArnExportName);
}

/** The bucket as the workers see it: imported by ARN from the stateful stack's export. */
function certificateBucketOf(stateful: StatefulStack) {
  return {
    bucketName: stateful.certificates.bucket.bucketName,
    arnForObjects: (keyPattern: string) => `${stateful.certificateBucketArn}/${keyPattern}`,
  };
}
