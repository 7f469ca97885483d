/**
 * The whole pipeline wired from its REAL adapters against real local servers: dynalite (DynamoDB), fauxqs (SQS and
 * S3), aws-ses-v2-local (SES) and the demo Moodle on PGlite behind the SQL bridge. The use cases come out of their
 * factories with injectable clocks, owners and settings; nothing here fakes a service. Fault injection lives in
 * fault-injection.ts, and each test that uses it says so.
 *
 * Servers start once per test file ({@link startPipelineServers}); each test gets fresh tables, queues, a bucket
 * and an empty SES store ({@link createPipeline}), so tests never see each other's jobs or mail.
 */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
import { createTables } from '#adapters/dynamodb/create-tables.js';
import { makeDynamoCertificateRegistry } from '#adapters/dynamodb/dynamo-certificate-registry.js';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoRecipientLedger } from '#adapters/dynamodb/dynamo-recipient-ledger.js';
import { makeDynamoScheduleRunStateStore } from '#adapters/dynamodb/dynamo-schedule-run-state-store.js';
import { type DynamoTableNames, tableNamesWith } from '#adapters/dynamodb/table-definitions.js';
import { makeDynamoScheduleSnapshotStore } from '#adapters/dynamodb/webhook-schedule-snapshot-store.js';
import { makeSesMailer } from '#adapters/email/ses-mailer.js';
import { type LocalAws, startLocalAws } from '#adapters/local-aws/start-local-aws.js';
import { makeS3CertificateStore } from '#adapters/s3/s3-certificate-store.js';
import { createWorkQueues } from '#adapters/sqs/create-work-queues.js';
import { makeCallbackOutbox, makeSqsCallbackOutbox } from '#adapters/sqs/sqs-callback-outbox.js';
import { createSqsClient } from '#adapters/sqs/sqs-client.js';
import { makeSqsWorkQueue } from '#adapters/sqs/sqs-work-queue.js';
import type { CallbackOutbox } from '#domain/callback-event.js';
import type { CertificateRenderer } from '#domain/certificate.js';
import { certificateLinkFor } from '#domain/certificate-link.js';
import { type EmailTemplate, resolveScheduleTemplate } from '#domain/email-template.js';
import type { JobStore } from '#domain/job-store.js';
import type { Mailer } from '#domain/mailer.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import type { WorkMessage } from '#domain/work-message.js';
import { makeIssueCertificates } from '#use-cases/issue-certificates.js';
import { makeJobCallbacks } from '#use-cases/job-callbacks.js';
import { makePlanDueRuns, type PlanDueRunsDeps } from '#use-cases/plan-due-runs.js';
import { makeSendEmailMessage, type SendEmailSettings } from '#use-cases/send-email-message.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { type DemoMoodle, openDemoMoodle } from './demo-moodle.js';
import { queryRecipientRows, readSesStore, scanJobs } from './pipeline-readers.js';
import { countBatchCalls, drainCallbacks, drainQueue, type QueuedMessage } from './queue-helpers.js';

export { makeClock, type TestClock } from './test-clock.js';

export const VERIFICATION_SECRET = 'pipeline-test-secret-of-at-least-32-characters';
export const VERIFY_BASE_URL = 'https://moodle.example.org/local/manireports/verify.php';
export const MOODLE_URL = 'https://moodle.example.org';
/** Where the email worker points certificate links unless a test serves the route itself. */
export const CERTIFICATE_LINK_BASE_URL = 'https://api.example.org/certificates';

/** A running job idle this long is recounted by the planner. */
export const RECONCILE_AFTER_SECONDS = 1800;

/** The AWS queues' work message lifetime (4 days' retention + 720 s visibility), as infra/config/timings.ts has it. */
export const WORK_MESSAGE_LIFETIME_SECONDS = 4 * 86_400 + 720;

/** Carries every placeholder a `both` mail needs, so a test can find the certificate link in the mail. */
export const PIPELINE_TEMPLATE: EmailTemplate = {
  subject: 'Reminder: {coursename}',
  text: 'Hello {firstname},\n{courseurl}\nCertificate: {certificateurl}\nCode: {verificationcode}',
};

export interface PipelineServers {
  aws: LocalAws;
  dynamo: LocalDynamoDb;
  moodle: DemoMoodle;
  stop(): Promise<void>;
}

/** Starts every server of the pipeline in this process, on loopback. */
export async function startPipelineServers(): Promise<PipelineServers> {
  const [aws, dynamo, moodle] = await Promise.all([startLocalAws(), startLocalDynamoDb(), openDemoMoodle()]);
  return {
    aws,
    dynamo,
    moodle,
    async stop() {
      await Promise.all([aws.stop(), dynamo.stop(), moodle.close()]);
    },
  };
}

export interface PlannerOptions
  extends Partial<Pick<PlanDueRunsDeps, 'jobs' | 'ledger' | 'shouldStop' | 'onPage' | 'onJobEnded'>> {
  owner: string;
  clock: () => number;
  pageSize?: number;
  leaseSeconds?: number;
  cloudThreshold?: number;
  /** @default the pipeline's outbox */
  outbox?: CallbackOutbox;
}

export interface EmailWorkerOptions {
  clock: () => number;
  /** @default the pipeline's outbox */
  outbox?: CallbackOutbox;
  mailer?: Mailer;
  jobs?: JobStore;
  ledger?: RecipientLedger;
  backOff?: (attempt: number) => Promise<void>;
  settings?: Partial<SendEmailSettings>;
  /** How a `both` mail carries its certificate. @default 'link' */
  delivery?: 'link' | 'attachment';
  /** @default CERTIFICATE_LINK_BASE_URL */
  certificateLinkBaseUrl?: string;
  /** Use the worker's own default templates (per `delivery`) instead of the test template. @default false */
  defaultTemplates?: boolean;
}

export interface CreatePipelineOptions {
  /** Another S3 than fauxqs's (s3rver, which checks signatures and expiry). @default fauxqs */
  s3?: S3ClientConfig;
}

export type Pipeline = Awaited<ReturnType<typeof createPipeline>>;

/** Fresh tables, queues, bucket and SES store on the running servers, and the use cases wired on them. */
export async function createPipeline(servers: PipelineServers, options: CreatePipelineOptions = {}) {
  const { aws, dynamo, moodle } = servers;
  const suffix = randomUUID().slice(0, 8);
  const tables: DynamoTableNames = tableNamesWith('', `-${suffix}`);
  await createTables(dynamo.client, tables);
  const jobs = makeDynamoJobStore({ client: dynamo.client, tableName: tables.jobs });
  const ledger = makeDynamoRecipientLedger({
    client: dynamo.client,
    tableName: tables.recipients,
    retentionSeconds: 30 * 86_400,
  });
  const runState = makeDynamoScheduleRunStateStore({ client: dynamo.client, tableName: tables.scheduleRuns });
  const registry = makeDynamoCertificateRegistry({ client: dynamo.client, tableName: tables.certificates });
  const snapshots = makeDynamoScheduleSnapshotStore({ client: dynamo.client, tableName: tables.scheduleSnapshots });

  // A client per pipeline, so the observing middleware counts this test's calls only.
  const sqs: SQSClient = createSqsClient(aws.clientConfig.sqs);
  const batchCalls = countBatchCalls(sqs);
  const { queueUrls, deadLetterUrls } = await createWorkQueues(sqs, {
    email: `email-${suffix}`,
    certificate: `cert-${suffix}`,
  });
  const queue = makeSqsWorkQueue({ client: sqs, queueUrls });
  const callbackQueueUrl =
    (await sqs.send(new CreateQueueCommand({ QueueName: `callbacks-${suffix}` }))).QueueUrl ?? '';
  const outbox = makeSqsCallbackOutbox({ client: sqs, queueUrl: callbackQueueUrl });
  // What a function builds from an environment without MANIREPORTS_CALLBACK_QUEUE_URL, as its config.ts does.
  const outboxOff = makeCallbackOutbox({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SQS: aws.endpoints.sqs });
  const callbacksWith = (clock: () => number, chosen: CallbackOutbox = outbox) =>
    makeJobCallbacks({ outbox: chosen, jobs, runState, clock });

  const s3 = new S3Client(options.s3 ?? aws.clientConfig.s3);
  const bucket = `certificates-${suffix}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const certificates = makeS3CertificateStore({ client: s3, bucket, keyPrefix: '' });

  const ses = new SESv2Client({ ...aws.clientConfig.ses, maxAttempts: 1 });
  const mailer = makeSesMailer({ configurationSetName: 'manireports-test', client: ses });
  await fetch(`${aws.endpoints.ses}/clear-store`, { method: 'POST' });
  const renderer = makePdfCertificateRenderer();
  const doc = DynamoDBDocumentClient.from(dynamo.client);

  return {
    tables,
    jobs,
    ledger,
    runState,
    snapshots,
    queue,
    queueUrls,
    deadLetterUrls,
    callbackQueueUrl,
    outbox,
    outboxOff,
    sqs,
    batchCalls,
    s3,
    bucket,
    certificates,
    /** The registry of issued certificates (what /verify reads). */
    registry,
    /** The real SES mailer, for fault-injecting wrappers to delegate to. */
    mailer,

    planner(options: PlannerOptions) {
      return makePlanDueRuns({
        bridge: moodle.bridge,
        jobs: options.jobs ?? jobs,
        ledger: options.ledger ?? ledger,
        runState,
        snapshots,
        queue,
        callbacks: callbacksWith(options.clock, options.outbox),
        clock: options.clock,
        owner: options.owner,
        settings: {
          serverTimeZone: 'UTC',
          cloudThreshold: options.cloudThreshold ?? 50,
          pageSize: options.pageSize ?? 1000,
          leaseSeconds: options.leaseSeconds ?? 120,
          reconcileAfterSeconds: RECONCILE_AFTER_SECONDS,
          workMessageLifetimeSeconds: WORK_MESSAGE_LIFETIME_SECONDS,
        },
        ...(options.onJobEnded ? { onJobEnded: options.onJobEnded } : {}),
        ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
        ...(options.onPage ? { onPage: options.onPage } : {}),
      });
    },

    emailWorker(options: EmailWorkerOptions) {
      return makeSendEmailMessage({
        ledger: options.ledger ?? ledger,
        jobs: options.jobs ?? jobs,
        mailer: options.mailer ?? mailer,
        // A job that captured its schedule's own template uses it, as in the real worker; else the test template.
        templateFor: async (message, job) =>
          job?.template || options.defaultTemplates
            ? resolveScheduleTemplate(message.actionType, job?.template, options.delivery ?? 'link')
            : PIPELINE_TEMPLATE,
        links: {
          courseUrl: (courseId) => `${MOODLE_URL}/course/view.php?id=${courseId}`,
          certificateLink: ({ verificationCode }) =>
            certificateLinkFor(options.certificateLinkBaseUrl ?? CERTIFICATE_LINK_BASE_URL, verificationCode),
          ...(options.delivery === 'attachment'
            ? {
                certificateAttachment: async ({ key, verificationCode }) => ({
                  filename: `certificate-${verificationCode}.pdf`,
                  contentType: 'application/pdf',
                  content: await certificates.get(key),
                }),
              }
            : {}),
        },
        awaitSendSlot: async () => undefined,
        backOff: options.backOff ?? (async () => undefined),
        clock: options.clock,
        callbacks: callbacksWith(options.clock, options.outbox),
        settings: {
          from: 'noreply@example.org',
          claimTimeoutSeconds: 900,
          maxAttempts: 5,
          throttleRetries: 3,
          ...options.settings,
        },
      });
    },

    certificateWorker(options: { clock: () => number; outbox?: CallbackOutbox; renderer?: CertificateRenderer }) {
      return makeIssueCertificates({
        renderer: options.renderer ?? renderer,
        store: certificates,
        registry,
        ledger,
        jobs,
        queue,
        clock: options.clock,
        callbacks: callbacksWith(options.clock, options.outbox),
        settings: {
          verificationSecret: VERIFICATION_SECRET,
          verificationBaseUrl: VERIFY_BASE_URL,
          claimTimeoutSeconds: 900,
        },
      });
    },

    /** Takes every message off the queue of `kind` (received and deleted), parsed as a worker would. */
    receive(kind: WorkMessage['kind']): Promise<QueuedMessage[]> {
      return drainQueue(sqs, queueUrls[kind]);
    },

    /** Takes every callback off the callbacks queue, as the sender would read them. */
    receiveCallbacks: () => drainCallbacks(sqs, callbackQueueUrl),

    /** Every mail the local SES accepted since this pipeline was created. */
    sentMail: () => readSesStore(aws.endpoints.ses),
    listJobs: () => scanJobs(doc, tables.jobs),
    recipientRows: (jobId: string) => queryRecipientRows(doc, tables.recipients, jobId),

    close() {
      sqs.destroy();
      s3.destroy();
      ses.destroy();
    },
  };
}

/**
 * Starts the local servers once for the calling test file and gives each test a fresh pipeline on them (tables,
 * queues, bucket, SES store), closed after the test.
 */
export function usePipelines() {
  let servers: PipelineServers | undefined;
  let current: Pipeline | undefined;
  beforeAll(async () => {
    servers = await startPipelineServers();
  });
  afterEach(() => {
    current?.close();
    current = undefined;
  });
  afterAll(async () => {
    await servers?.stop();
  });
  const running = (): PipelineServers => {
    if (servers === undefined) throw new Error('the pipeline servers did not start');
    return servers;
  };
  return {
    servers: running,
    async create(options: CreatePipelineOptions = {}): Promise<Pipeline> {
      current = await createPipeline(running(), options);
      return current;
    },
  };
}
