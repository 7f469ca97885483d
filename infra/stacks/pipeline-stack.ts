/**
 * The stateless pipeline: the planner on a one-minute schedule inside the imported VPC, the email and certificate
 * workers on their queues, the SES configuration set and its bounce/complaint events, the Moodle-facing HTTP API
 * and callbacks (MoodleSurface), and the alarms and dashboard. Each function gets only the environment and
 * permissions its code uses (lambdas/<function>/config.ts).
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ConfigurationSet, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { CERTIFICATE_FACES } from '#adapters/certificate/certificate-fonts.js';
import type { DeployConfig } from '../config/deploy-config.js';
import {
  CERTIFICATE_WORKER_TIMEOUT_SECONDS,
  CLAIM_TIMEOUT_SECONDS,
  EMAIL_WORKER_TIMEOUT_SECONDS,
  PLANNER_TIMEOUT_SECONDS,
} from '../config/timings.js';
import { bindBucket, bindQueue, bindSecret, bindTable } from '../constructs/bindings.js';
import { MoodleNetwork } from '../constructs/moodle-network.js';
import { MoodleSurface } from '../constructs/moodle-surface.js';
import { PipelineFunction } from '../constructs/pipeline-function.js';
import { PipelineMonitoring } from '../constructs/pipeline-monitoring.js';
import { SesEvents } from '../constructs/ses-events.js';
import { acknowledgeBucketObjects, acknowledgeStarResource } from '../nag-acknowledgements.js';
import type { StatefulStack } from './stateful-stack.js';

/** Where the certificate worker's bundle carries the fonts (Lambda unpacks the bundle into /var/task). */
const FONT_DIRECTORY = 'fonts';

export interface PipelineStackProps extends StackProps {
  config: DeployConfig;
  stateful: StatefulStack;
}

export class PipelineStack extends Stack {
  readonly planner: PipelineFunction;
  readonly emailWorker: PipelineFunction;
  readonly certificateWorker: PipelineFunction;
  readonly configurationSet: ConfigurationSet;
  readonly sesEvents: SesEvents;
  readonly surface: MoodleSurface;
  readonly monitoring: PipelineMonitoring;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    const { tables, certificates, emailQueue, certificateQueue, callbackQueue } = stateful;
    // The schema only admits the periods CloudWatch Logs accepts, which are the enum's values.
    const logRetention = config.logRetentionDays as RetentionDays;
    const shared = {
      MANIREPORTS_RECIPIENT_RETENTION_DAYS: String(config.recipientRetentionDays),
      MANIREPORTS_CLAIM_TIMEOUT_SECONDS: String(CLAIM_TIMEOUT_SECONDS),
    };

    const network = new MoodleNetwork(this, 'Network', config);

    this.planner = new PipelineFunction(this, 'Planner', {
      entry: 'lambdas/planner/handler.ts',
      description: 'Plans due schedules every minute and fans cloud runs out to the work queues',
      timeout: Duration.seconds(PLANNER_TIMEOUT_SECONDS),
      logRetention,
      ...network.placement,
      environment: { ...shared, MANIREPORTS_TABLE_PREFIX: config.moodleTablePrefix },
    });
    bindSecret(this.planner, { secretArn: config.moodleDbSecretArn, envVar: 'MANIREPORTS_MOODLE_DB_SECRET_ARN' });
    bindTable(this.planner, { table: tables.jobs, envVar: 'MANIREPORTS_JOBS_TABLE', accessMode: 'readWrite' });
    bindTable(this.planner, {
      table: tables.recipients,
      envVar: 'MANIREPORTS_RECIPIENTS_TABLE',
      accessMode: 'read', // the reconciler's tally; only workers write recipient rows
    });
    bindTable(this.planner, {
      table: tables.scheduleRuns,
      envVar: 'MANIREPORTS_SCHEDULE_RUNS_TABLE',
      accessMode: 'readWrite',
    });
    bindQueue(this.planner, { queue: emailQueue.queue, envVar: 'MANIREPORTS_EMAIL_QUEUE_URL', accessMode: 'send' });
    bindQueue(this.planner, {
      queue: certificateQueue.queue,
      envVar: 'MANIREPORTS_CERTIFICATE_QUEUE_URL',
      accessMode: 'send',
    });
    bindQueue(this.planner, {
      queue: callbackQueue.queue,
      envVar: 'MANIREPORTS_CALLBACK_QUEUE_URL',
      accessMode: 'send',
    });
    bindTable(this.planner, {
      table: tables.scheduleSnapshots,
      envVar: 'MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE',
      accessMode: 'consumeRequests', // templates, and run-now requests it consumes
    });
    new Rule(this, 'PlannerSchedule', {
      description: 'Runs the ManiReports planner every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.planner.function, { retryAttempts: 0 })],
    });

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    this.emailWorker = new PipelineFunction(this, 'EmailWorker', {
      entry: 'lambdas/email-worker/handler.ts',
      description: 'Sends each recipient of an email work message through SES',
      timeout: Duration.seconds(EMAIL_WORKER_TIMEOUT_SECONDS),
      logRetention,
      environment: {
        ...shared,
        MANIREPORTS_MAIL_FROM: config.mailFrom,
        MANIREPORTS_SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
        MANIREPORTS_MOODLE_URL: config.moodleUrl,
        // One value for both: the token bucket divides the rate by the concurrency SQS allows.
        MANIREPORTS_MAX_SEND_RATE: String(config.maxSendRate),
        MANIREPORTS_EMAIL_WORKER_CONCURRENCY: String(config.emailWorkerConcurrency),
      },
    });
    this.bindWorkerTables(this.emailWorker, stateful);
    const certificateBucket = {
      bucketName: certificates.bucket.bucketName,
      arnForObjects: (keyPattern: string) => `${stateful.certificateBucketArn}/${keyPattern}`,
    };
    bindBucket(this.emailWorker, {
      bucket: certificateBucket,
      envVar: 'MANIREPORTS_CERTIFICATE_BUCKET',
      accessMode: 'read',
    });
    // SES v2 SendEmail authorises against the sending identity and the configuration set.
    this.emailWorker.role.addToPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.sesIdentity }),
          this.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
    this.emailWorker.function.addEventSource(
      new SqsEventSource(emailQueue.queue, {
        batchSize: config.emailBatchSize,
        maxConcurrency: config.emailWorkerConcurrency,
        reportBatchItemFailures: true,
      }),
    );

    this.certificateWorker = new PipelineFunction(this, 'CertificateWorker', {
      entry: 'lambdas/certificate-worker/handler.ts',
      description: 'Renders and stores each recipient certificate, then hands emails on',
      timeout: Duration.seconds(CERTIFICATE_WORKER_TIMEOUT_SECONDS),
      memorySize: 1024,
      logRetention,
      environment: {
        ...shared,
        MANIREPORTS_FONT_DIR: `/var/task/${FONT_DIRECTORY}`,
      },
      bundledFiles: Object.values(CERTIFICATE_FACES).map((file) => ({
        from: `node_modules/dejavu-fonts-ttf/ttf/${file}`,
        to: `${FONT_DIRECTORY}/${file}`,
      })),
    });
    bindSecret(this.certificateWorker, {
      secretArn: config.verificationSecretArn,
      envVar: 'MANIREPORTS_VERIFICATION_SECRET_ARN',
    });
    this.bindWorkerTables(this.certificateWorker, stateful);
    bindBucket(this.certificateWorker, {
      bucket: certificateBucket,
      envVar: 'MANIREPORTS_CERTIFICATE_BUCKET',
      accessMode: 'write',
    });
    bindQueue(this.certificateWorker, {
      queue: emailQueue.queue,
      envVar: 'MANIREPORTS_EMAIL_QUEUE_URL',
      accessMode: 'send',
    });
    bindTable(this.certificateWorker, {
      table: tables.certificates,
      envVar: 'MANIREPORTS_CERTIFICATES_TABLE',
      accessMode: 'readWrite', // the registry /verify reads
    });
    // Its code builds a client for both queues; it only ever sends to the email queue.
    bindQueue(this.certificateWorker, {
      queue: certificateQueue.queue,
      envVar: 'MANIREPORTS_CERTIFICATE_QUEUE_URL',
      accessMode: 'urlOnly',
    });
    this.certificateWorker.function.addEventSource(
      new SqsEventSource(certificateQueue.queue, {
        batchSize: config.certificateBatchSize,
        maxConcurrency: config.certificateWorkerConcurrency,
        reportBatchItemFailures: true,
      }),
    );

    acknowledgeStarResource(this.planner.role, true);
    for (const worker of [this.emailWorker, this.certificateWorker]) {
      // job.completed: whichever worker settles a job's last recipient queues the callback.
      bindQueue(worker, { queue: callbackQueue.queue, envVar: 'MANIREPORTS_CALLBACK_QUEUE_URL', accessMode: 'send' });
      acknowledgeStarResource(worker.role, false);
      acknowledgeBucketObjects(worker.role, stateful.certificateBucketArnExportName);
    }

    this.sesEvents = new SesEvents(this, 'SesEvents', {
      configurationSet: this.configurationSet,
      tables,
      failureQueue: stateful.sesEventFailures,
      logRetention,
      sharedEnvironment: shared,
    });

    this.surface = new MoodleSurface(this, 'Surface', {
      config,
      stateful,
      planner: this.planner,
      logRetention,
      sharedEnvironment: shared,
      ...network.placement,
    });
    const apiUrl = this.surface.httpApi.url;
    // The QR code on every certificate opens `<base>?code=…`: the cloud's own page unless context names another.
    this.certificateWorker.function.addEnvironment(
      'MANIREPORTS_VERIFY_BASE_URL',
      config.verifyBaseUrl ?? `${apiUrl}/verify`,
    );
    new CfnOutput(this, 'ApiUrl', { value: apiUrl, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'WebhookUrl', {
      value: `${apiUrl}/webhooks/moodle`,
      description: 'Point the Moodle plugin at this URL',
    });
    new CfnOutput(this, 'WebhookSecretArn', {
      value: stateful.webhookSecretArn,
      description: 'The shared HMAC secret (read it with aws secretsmanager get-secret-value)',
    });

    this.monitoring = new PipelineMonitoring(this, 'Monitoring', {
      functions: {
        Planner: this.planner.function,
        EmailWorker: this.emailWorker.function,
        CertificateWorker: this.certificateWorker.function,
        SesEvents: this.sesEvents.handler.function,
        Webhook: this.surface.webhook.function,
        StatusApi: this.surface.statusApi.function,
        Verify: this.surface.verify.function,
        MoodleCallback: this.surface.moodleCallback.function,
      },
      queues: [
        { name: 'Email', queue: emailQueue.queue, deadLetterQueue: emailQueue.deadLetterQueue },
        { name: 'Certificate', queue: certificateQueue.queue, deadLetterQueue: certificateQueue.deadLetterQueue },
        { name: 'Callback', queue: callbackQueue.queue, deadLetterQueue: callbackQueue.deadLetterQueue },
      ],
      failureQueues: [{ name: 'SesEvents', queue: stateful.sesEventFailures }],
      sesReputation: { bounceRate: config.sesBounceRateAlarm, complaintRate: config.sesComplaintRateAlarm },
      apiServerErrors: this.surface.httpApi.api.metricServerError({ period: Duration.minutes(5) }),
      oldestMessageAlarmSeconds: config.oldestMessageAlarmSeconds,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
  }

  /** Workers claim and settle recipient rows, read and count on their job, and read the run state (callbacks' next run). */
  private bindWorkerTables(fn: PipelineFunction, stateful: StatefulStack): void {
    bindTable(fn, { table: stateful.tables.jobs, envVar: 'MANIREPORTS_JOBS_TABLE', accessMode: 'readWrite' });
    bindTable(fn, {
      table: stateful.tables.recipients,
      envVar: 'MANIREPORTS_RECIPIENTS_TABLE',
      accessMode: 'readWrite',
    });
    bindTable(fn, {
      table: stateful.tables.scheduleRuns,
      envVar: 'MANIREPORTS_SCHEDULE_RUNS_TABLE',
      accessMode: 'read',
    });
  }
}
