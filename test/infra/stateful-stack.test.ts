import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './build-test-app.js';

let template: Template;

beforeAll(() => {
  // Arrange: one synthesis for the whole file.
  template = Template.fromStack(buildTestApp().stateful);
});

describe('stateful stack', () => {
  it('creates the six on-demand, encrypted, PITR tables that are retained', () => {
    const tables = template.findResources('AWS::DynamoDB::GlobalTable');
    expect(Object.keys(tables)).toHaveLength(6);
    for (const table of Object.values(tables)) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
      expect(table.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    }
  });

  it('expires recipient rows by expiresAt and keys them by job and user', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'jobId', KeyType: 'HASH' },
        { AttributeName: 'userId', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it("gives the jobs table its bySchedule and byCreatedAt indexes, keys only (off the counters' write path)", () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'bySchedule', Projection: { ProjectionType: 'KEYS_ONLY' } }),
        Match.objectLike({ IndexName: 'byCreatedAt', Projection: { ProjectionType: 'KEYS_ONLY' } }),
      ],
    });
  });

  it('blocks public access to the certificate bucket, versions, encrypts and logs it', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'certificates/' }),
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' })],
        },
      }),
    });
  });

  it('denies every non-TLS request to the buckets', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('encrypts every queue and redrives both work queues to a DLQ after 5 receives', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    // email, certificate and callback queues with their DLQs, and the SES events failure queue
    expect(queues).toHaveLength(7);
    for (const queue of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const workQueues = queues.filter((queue) => queue.Properties.RedrivePolicy?.maxReceiveCount === 5);
    expect(workQueues).toHaveLength(2);
    for (const queue of workQueues) {
      expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
      // 6× the workers' 120 s timeout.
      expect(queue.Properties.VisibilityTimeout).toBe(720);
      expect(queue.Properties.MessageRetentionPeriod).toBe(4 * 86_400);
    }
  });

  it('denies non-TLS access to every queue', () => {
    template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      },
      7,
    );
  });

  it('keeps callbacks to Moodle in their own queue: 10 tries spread by backoff, then the DLQ', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 10 }),
      VisibilityTimeout: 180, // 6× the callback function's 30 s
      MessageRetentionPeriod: 4 * 86_400,
    });
  });

  it('keeps the SES events failure queue, encrypted, for 14 days', () => {
    const [failures, ...others] = Object.entries(template.findResources('AWS::SQS::Queue')).filter(([id]) =>
      id.startsWith('SesEventFailures'),
    );
    expect(others).toHaveLength(0);
    expect(failures?.[1]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 },
    });
  });

  it('generates the webhook secret as 64 lowercase hex characters and keeps it on delete', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: {
          PasswordLength: 64,
          ExcludePunctuation: true,
          ExcludeUppercase: true,
          IncludeSpace: false,
          ExcludeCharacters: 'ghijklmnopqrstuvwxyz',
        },
      }),
    });
  });
});

describe('outputs for the redrive runbook', () => {
  it('exports the tables and the work queues with their DLQs', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    for (const name of [
      'JobsTable',
      'RecipientsTable',
      'ScheduleRunsTable',
      'EmailQueueUrl',
      'EmailDeadLetterQueueUrl',
      'CertificateQueueUrl',
      'CertificateDeadLetterQueueUrl',
    ]) {
      expect(outputs).toContain(name);
    }
  });
});
