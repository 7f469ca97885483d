import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './build-test-app.js';

let template: Template;

beforeAll(() => {
  // Arrange: one synthesis for the whole file (bundling skipped).
  template = Template.fromStack(buildTestApp().pipeline);
});

/** The statements of the role whose logical id starts with `prefix` (e.g. PlannerRole). */
function statementsOf(prefix: string): Array<{ Action: string | string[]; Resource: unknown }> {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${prefix}`) }] },
  });
  const [policy, ...others] = Object.values(policies);
  expect(others).toHaveLength(0);
  return policy?.Properties.PolicyDocument.Statement ?? [];
}

/** The actions granted on a resource whose JSON mentions (or matches) `resourceHint`. */
function actionsOn(statements: ReturnType<typeof statementsOf>, resourceHint: string | RegExp): string[] {
  const matches = (resource: string) =>
    typeof resourceHint === 'string' ? resource.includes(resourceHint) : resourceHint.test(resource);
  return statements
    .filter((statement) => matches(JSON.stringify(statement.Resource)))
    .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]))
    .sort();
}

/** The work queues themselves (their DLQs are `…QueueDeadLetter…`). */
const EMAIL_QUEUE = /GetAttEmailQueue[0-9A-F]{8}Arn/;
const CERTIFICATE_QUEUE = /GetAttCertificateQueue[0-9A-F]{8}Arn/;

const ITEM_READ_WRITE = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'];

describe('pipeline functions', () => {
  it('run on the latest Node.js, arm64, traced, with sourcemaps and Powertools settings', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: Match.objectLike({
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: 'manireports-cloud',
            POWERTOOLS_METRICS_NAMESPACE: 'ManiReportsCloud',
          }),
        },
      },
      8,
    );
  });

  it('log to their own log groups with the configured retention (and the API its access log)', () => {
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 90 }, 9);
  });

  it('put only the planner and the status API in the imported VPC', () => {
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { VpcConfig: Match.anyValue() }, 2);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Plans due schedules'),
      VpcConfig: {
        SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
        SecurityGroupIds: ['sg-0123456789abcdef0'],
      },
      Environment: {
        Variables: Match.objectLike({
          MANIREPORTS_MOODLE_DB_SECRET_ARN: Match.stringLikeRegexp('^arn:aws:secretsmanager:.*moodle-db'),
        }),
      },
    });
  });

  it('set the email rate and concurrency from the same context values as the event source', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ MANIREPORTS_MAX_SEND_RATE: '14', MANIREPORTS_EMAIL_WORKER_CONCURRENCY: '2' }),
      },
    });
  });

  it('point the certificate worker at the bundled fonts', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MANIREPORTS_FONT_DIR: '/var/task/fonts' }) },
    });
  });
});

describe('IAM per function', () => {
  it('planner: read-write jobs, run state and recipients, send to both queues, read the DB secret', () => {
    const statements = statementsOf('PlannerRole');
    expect(actionsOn(statements, 'TablesJobs')).toEqual(ITEM_READ_WRITE);
    expect(actionsOn(statements, 'TablesScheduleRuns')).toEqual(ITEM_READ_WRITE);
    // The fan-out record and the `unsent` rows of a job whose work is gone.
    expect(actionsOn(statements, 'TablesRecipients')).toEqual(ITEM_READ_WRITE);
    expect(actionsOn(statements, EMAIL_QUEUE)).toEqual(['sqs:SendMessage']);
    expect(actionsOn(statements, CERTIFICATE_QUEUE)).toEqual(['sqs:SendMessage']);
    expect(actionsOn(statements, 'secret:manireports/moodle-db')).toEqual(['secretsmanager:GetSecretValue']);
    expect(actionsOn(statements, 'CertificateBucketArn')).toEqual([]);
    expect(actionsOn(statements, 'ses:')).toEqual([]);
  });

  it('email worker: tables, GetObject on certificates, SendEmail on the identity and configuration set', () => {
    const statements = statementsOf('EmailWorkerRole');
    expect(actionsOn(statements, 'TablesJobs')).toEqual(ITEM_READ_WRITE);
    expect(actionsOn(statements, 'TablesRecipients')).toEqual(ITEM_READ_WRITE);
    // The next run for a job.completed callback.
    expect(actionsOn(statements, 'TablesScheduleRuns')).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(actionsOn(statements, 'CertificateBucketArn')).toEqual(['s3:GetObject']);
    expect(actionsOn(statements, 'identity/example.org')).toEqual(['ses:SendEmail']);
    expect(actionsOn(statements, 'configuration-set/')).toEqual(['ses:SendEmail']);
    expect(actionsOn(statements, 'sqs:SendMessage')).toEqual([]);
    expect(actionsOn(statements, 'secretsmanager')).toEqual([]);
  });

  it('certificate worker: tables, PutObject, send to the email queue only, read the verification secret', () => {
    const statements = statementsOf('CertificateWorkerRole');
    expect(actionsOn(statements, 'TablesRecipients')).toEqual(ITEM_READ_WRITE);
    expect(actionsOn(statements, 'CertificateBucketArn')).toEqual(['s3:PutObject']);
    expect(actionsOn(statements, EMAIL_QUEUE)).toEqual(['sqs:SendMessage']);
    expect(actionsOn(statements, 'secret:manireports/verification')).toEqual(['secretsmanager:GetSecretValue']);
    expect(actionsOn(statements, CERTIFICATE_QUEUE)).not.toContain('sqs:SendMessage');
    expect(actionsOn(statements, 'ses:')).toEqual([]);
  });

  it('grants Resource "*" only for X-Ray and, for the planner, the VPC network interfaces', () => {
    for (const prefix of ['PlannerRole', 'EmailWorkerRole', 'CertificateWorkerRole']) {
      const starActions = statementsOf(prefix)
        .filter((statement) => statement.Resource === '*')
        .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
      for (const action of starActions)
        expect(action).toMatch(
          /^(xray:|ec2:\w*NetworkInterfaces?$|ec2:DescribeSubnets$|ec2:(Unassign|Assign)PrivateIpAddresses$)/,
        );
    }
  });
});

describe('triggers', () => {
  it('runs the planner every minute', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
  });

  it('feeds both workers (and the callbacks function, see moodle-surface.test.ts) from SQS with partial batch responses', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::EventSourceMapping',
      { BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 2 } },
      2,
    );
  });

  it('creates the SES configuration set with reputation metrics', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
  });
});

describe('monitoring', () => {
  it('alarms on DLQ depth, oldest message, errors and throttles, SES reputation and API 5xx, all to the topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (alarm) => alarm.Properties.Metrics === undefined, // the Metrics Insights alarm is tested below
    );
    const metrics = alarms.map((alarm) => alarm.Properties.MetricName).sort();
    const times = (count: number, name: string) => Array<string>(count).fill(name);
    expect(metrics).toEqual([
      '5xx',
      ...times(3, 'ApproximateAgeOfOldestMessage'), // email, certificate, callback queues
      ...times(4, 'ApproximateNumberOfMessagesVisible'), // their DLQs, and the SES events failure queue
      ...times(8, 'Errors'),
      'Reputation.BounceRate',
      'Reputation.ComplaintRate',
      ...times(8, 'Throttles'),
    ]);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MonitoringAlarmTopic/) }]);
    }
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('the unsent recipients alarm', () => {
  it('groups the planner metric by JobId, so the contributor in ALARM names the job, and notifies the topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [
        {
          Id: 'unsent',
          Expression: 'SELECT MAX(unsent_recipients) FROM SCHEMA("ManiReportsCloud", JobId, service) GROUP BY JobId',
          Period: 300,
          ReturnData: true,
        },
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^MonitoringAlarmTopic') }],
    });
  });

  it('gives the planner the work message lifetime derived from the queue timings', () => {
    // 4 days' retention + the longest visibility timeout (6 × 120 s).
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MANIREPORTS_WORK_MESSAGE_LIFETIME_SECONDS: '346320' }) },
    });
  });
});
