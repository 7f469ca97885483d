/** Everything that holds data: tables, the certificate bucket and the work queues. Deploy rarely; kept on delete. */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../config/deploy-config.js';
import {
  CERTIFICATE_WORKER_TIMEOUT_SECONDS,
  EMAIL_WORKER_TIMEOUT_SECONDS,
  MAX_RECEIVE_COUNT,
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
  }
}
