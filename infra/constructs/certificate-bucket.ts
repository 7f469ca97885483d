/**
 * The certificate bucket: private, TLS only, SSE-S3 (what the S3 adapter writes by default), versioned, with
 * configurable expiry, its access logs in a second bucket, and kept when the stack is deleted.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface CertificateBucketProps {
  /** Days after which a certificate expires; 0 keeps certificates for ever. */
  expirationDays: number;
  /** Days a replaced or deleted certificate version is kept. */
  noncurrentVersionDays: number;
  /** Days access log objects are kept. @default 365 */
  accessLogDays?: number;
}

export class CertificateBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: CertificateBucketProps) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogDays ?? 365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Certificates', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      // jsii types clash with exactOptionalPropertyTypes (Bucket.isWebsite is optional, IBucket's is not).
      serverAccessLogsBucket: this.accessLogs as IBucket,
      serverAccessLogsPrefix: 'certificates/',
      lifecycleRules: [
        {
          id: 'certificate-retention',
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays),
          ...(props.expirationDays > 0 ? { expiration: Duration.days(props.expirationDays) } : {}),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
