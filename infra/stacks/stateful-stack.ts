/** Everything that holds data: tables, the certificate bucket and the work queues. Deploy rarely; kept on delete. */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../config/deploy-config.js';
import {
  CALLBACK_MAX_RECEIVE_COUNT,
  CERTIFICATE_WORKER_TIMEOUT_SECONDS,
  EMAIL_WORKER_TIMEOUT_SECONDS,
  MAX_RECEIVE_COUNT,
  MOODLE_CALLBACK_TIMEOUT_SECONDS,
  QUEUE_RETENTION_DAYS,
  visibilityTimeoutFor,
} from '../config/timings.js';
import { CertificateBucket } from '../constructs/certificate-bucket.js';
import { PipelineTables } from '../constructs/pipeline-tables.js';
import { WorkQueue } from '../constructs/work-queue.js';

export interface StatefulStackProps extends StackProps {
  config: DeployConfig;
}

export class StatefulStack extends Stack {
  readonly tables: PipelineTables;
  readonly certificates: CertificateBucket;
  readonly emailQueue: WorkQueue;
  readonly certificateQueue: WorkQueue;
  /** The export the pipeline imports the bucket ARN by; fixed, so cdk-nag's finding on `<it>/*` has a stable id. */
  readonly certificateBucketArnExportName: string;
  /** `Fn::ImportValue` of the bucket ARN, for the consuming stack. */
  readonly certificateBucketArn: string;
  /** Callbacks to Moodle waiting to be (re)sent, and their DLQ. */
  readonly callbackQueue: WorkQueue;
  /** SES events the ses-events function failed on after Lambda's retries (its on-failure destination). */
  readonly sesEventFailures: Queue;
  /** The webhook secret's full ARN: the one this stack created, or `webhookSecretArn` from the context. */
  readonly webhookSecretArn: string;
  /** Only when this stack created the secret. */
  readonly webhookSecret?: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.tables = new PipelineTables(this, 'Tables');
    this.certificates = new CertificateBucket(this, 'CertificateBucket', {
      expirationDays: config.certificateExpirationDays,
      noncurrentVersionDays: config.certificateNoncurrentVersionDays,
    });
    this.certificateBucketArnExportName = `${this.stackName}-CertificateBucketArn`;
    this.certificateBucketArn = this.exportValue(this.certificates.bucket.bucketArn, {
      name: this.certificateBucketArnExportName,
    });
    this.emailQueue = new WorkQueue(this, 'EmailQueue', {
      visibilityTimeout: Duration.seconds(visibilityTimeoutFor(EMAIL_WORKER_TIMEOUT_SECONDS)),
      maxReceiveCount: MAX_RECEIVE_COUNT,
      retentionPeriod: Duration.days(QUEUE_RETENTION_DAYS),
    });
    this.certificateQueue = new WorkQueue(this, 'CertificateQueue', {
      visibilityTimeout: Duration.seconds(visibilityTimeoutFor(CERTIFICATE_WORKER_TIMEOUT_SECONDS)),
      maxReceiveCount: MAX_RECEIVE_COUNT,
      retentionPeriod: Duration.days(QUEUE_RETENTION_DAYS),
    });
    this.callbackQueue = new WorkQueue(this, 'CallbackQueue', {
      visibilityTimeout: Duration.seconds(visibilityTimeoutFor(MOODLE_CALLBACK_TIMEOUT_SECONDS)),
      maxReceiveCount: CALLBACK_MAX_RECEIVE_COUNT,
      retentionPeriod: Duration.days(QUEUE_RETENTION_DAYS),
    });
    this.sesEventFailures = new Queue(this, 'SesEventFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.sesEventFailures).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        "This queue is itself a dead-letter queue: the on-failure destination of the ses-events function's " +
        'asynchronous invocations (SNS invokes it asynchronously), which cdk-nag cannot see from the queue.',
    });

    if (config.webhookSecretArn) {
      this.webhookSecretArn = config.webhookSecretArn;
    } else {
      this.webhookSecret = new Secret(this, 'WebhookSecret', {
        description: 'ManiReports: HMAC secret shared with Moodle (webhook, callbacks, status API, dashboard links)',
        // 64 lowercase hex characters, what `openssl rand -hex 32` prints: only 0-9 and a-f remain.
        generateSecretString: {
          passwordLength: 64,
          excludePunctuation: true,
          excludeUppercase: true,
          includeSpace: false,
          excludeCharacters: 'ghijklmnopqrstuvwxyz',
        },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(this.webhookSecret).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SMG4',
        reason:
          'Rotated by hand with Moodle in step (docs/deploy.md, two-secret rotation): a rotation Lambda cannot ' +
          'update the copy Moodle holds, and a one-sided rotation would break every signature.',
      });
      this.webhookSecretArn = this.webhookSecret.secretArn;
    }
    this.addRedriveOutputs();
  }

  /** What `manireports-cloud redrive` reads from its environment (docs/deploy.md, "Redrive a job"). */
  private addRedriveOutputs(): void {
    const outputs: Record<string, string> = {
      JobsTable: this.tables.jobs.tableName,
      RecipientsTable: this.tables.recipients.tableName,
      ScheduleRunsTable: this.tables.scheduleRuns.tableName,
      EmailQueueUrl: this.emailQueue.queue.queueUrl,
      EmailDeadLetterQueueUrl: this.emailQueue.deadLetterQueue.queueUrl,
      CertificateQueueUrl: this.certificateQueue.queue.queueUrl,
      CertificateDeadLetterQueueUrl: this.certificateQueue.deadLetterQueue.queueUrl,
    };
    for (const [id, value] of Object.entries(outputs)) new CfnOutput(this, id, { value });
  }
}
