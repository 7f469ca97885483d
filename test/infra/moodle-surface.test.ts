/**
 * The Moodle-facing functions, the HTTP API, the SES event path and the new alarms (bundling skipped).
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, exampleContext } from './build-test-app.js';

let template: Template;

beforeAll(() => {
  // Arrange: one synthesis for the whole file.
  template = Template.fromStack(buildTestApp().pipeline);
});

type Statement = { Action: string | string[]; Resource: unknown };

/** The statements of the role whose logical id starts with `prefix`. */
function statementsOf(prefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${prefix}`) }] },
  });
  const [policy, ...others] = Object.values(policies);
  expect(others).toHaveLength(0);
  return policy?.Properties.PolicyDocument.Statement ?? [];
}

function actionsOn(statements: Statement[], resourceHint: string | RegExp): string[] {
  const matches = (resource: string) =>
    typeof resourceHint === 'string' ? resource.includes(resourceHint) : resourceHint.test(resource);
  return statements
    .filter((statement) => matches(JSON.stringify(statement.Resource)))
    .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]))
    .sort();
}

/** Every action a role holds, for "nothing else" checks. */
const allActions = (prefix: string) => actionsOn(statementsOf(prefix), /./);

/** The environment of the function whose logical id starts with `prefix`. */
function environmentOf(prefix: string): Record<string, unknown> {
  const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) =>
    id.startsWith(prefix),
  );
  expect(functions).toHaveLength(1);
  return functions[0]?.[1].Properties.Environment.Variables ?? {};
}

const READ = ['dynamodb:GetItem', 'dynamodb:Query'];
const READ_WRITE = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'];
const CALLBACK_QUEUE = /GetAttCallbackQueue[0-9A-F]{8}Arn/;

describe('IAM and environment of the new functions', () => {
  it('webhook: webhook tables, jobs and run state read-write, the secret, invoke the planner, queue callbacks', () => {
    const statements = statementsOf('SurfaceWebhookRole');
    expect(actionsOn(statements, 'TablesWebhookEvents')).toEqual(READ_WRITE);
    expect(actionsOn(statements, 'TablesScheduleSnapshots')).toEqual(READ_WRITE);
    expect(actionsOn(statements, 'TablesJobs')).toEqual(READ_WRITE);
    expect(actionsOn(statements, 'TablesScheduleRuns')).toEqual(READ_WRITE);
    expect(actionsOn(statements, 'TablesRecipients')).toEqual([]);
    expect(actionsOn(statements, 'WebhookSecret')).toEqual(['secretsmanager:GetSecretValue']);
    expect(actionsOn(statements, 'PlannerFunction')).toEqual(['lambda:InvokeFunction']);
    expect(actionsOn(statements, CALLBACK_QUEUE)).toEqual(['sqs:SendMessage']);
    expect(environmentOf('SurfaceWebhookFunction')).toMatchObject({
      MANIREPORTS_PLANNER_FUNCTION_NAME: { Ref: expect.stringMatching(/^PlannerFunction/) },
      MANIREPORTS_WEBHOOK_SECRET_ARN: { 'Fn::ImportValue': expect.stringContaining('WebhookSecret') },
      MANIREPORTS_WEBHOOK_EVENTS_TABLE: expect.anything(),
      MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE: expect.anything(),
      MANIREPORTS_RECIPIENTS_TABLE: expect.anything(),
    });
  });

  it('status API: in the VPC, reads jobs, recipients, runs and snapshots, the DB and webhook secrets', () => {
    const statements = statementsOf('SurfaceStatusApiRole');
    for (const table of ['TablesRecipients', 'TablesScheduleRuns', 'TablesScheduleSnapshots']) {
      expect(actionsOn(statements, table)).toEqual(READ);
    }
    // Job listings page through the two indexes by name, then fetch the page's jobs in one BatchGet.
    const jobs = statements.filter((statement) => JSON.stringify(statement.Resource).includes('TablesJobs'));
    expect(jobs.flatMap((statement) => statement.Action)).toEqual([...READ, 'dynamodb:BatchGetItem']);
    expect(JSON.stringify(jobs[0]?.Resource)).toMatch(/index\/bySchedule.*index\/byCreatedAt/);
    expect(actionsOn(statements, 'secret:manireports/moodle-db')).toEqual(['secretsmanager:GetSecretValue']);
    expect(actionsOn(statements, 'WebhookSecret')).toEqual(['secretsmanager:GetSecretValue']);
    expect(
      allActions('SurfaceStatusApiRole').filter(
        (action) =>
          !/^(dynamodb:(GetItem|Query|BatchGetItem)|secretsmanager:GetSecretValue|logs:|xray:|ec2:)/.test(action),
      ),
    ).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Job status API'),
      VpcConfig: {
        SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
        SecurityGroupIds: ['sg-0123456789abcdef0'],
      },
    });
    expect(environmentOf('SurfaceStatusApiFunction')).toMatchObject({
      MANIREPORTS_MOODLE_DB_SECRET_ARN: expect.stringContaining('moodle-db'),
      MANIREPORTS_TABLE_PREFIX: 'mdl_',
    });
    // The example context has no status token: no variable, no grant.
    expect(environmentOf('SurfaceStatusApiFunction')).not.toHaveProperty('MANIREPORTS_STATUS_API_TOKEN_ARN');
  });

  it('verify: reads the certificates table and signs certificate objects (GetObject), nothing else', () => {
    const statements = statementsOf('SurfaceVerifyRole');
    expect(actionsOn(statements, 'TablesCertificates')).toEqual(READ);
    expect(actionsOn(statements, 'CertificateBucketArn')).toEqual(['s3:GetObject']);
    const bucketResource = statements.find((statement) => JSON.stringify(statement.Resource).includes('Bucket'));
    expect(JSON.stringify(bucketResource?.Resource)).toMatch(/CertificateBucketArn"\},"\/\*"/);
    expect(allActions('SurfaceVerifyRole').filter((action) => !/^(logs:|xray:)/.test(action))).toEqual(
      [...READ, 's3:GetObject'].sort(),
    );
    expect(environmentOf('SurfaceVerifyFunction')).toHaveProperty('MANIREPORTS_CERTIFICATES_TABLE');
    expect(environmentOf('SurfaceVerifyFunction')).toHaveProperty('MANIREPORTS_CERTIFICATE_BUCKET');
  });

  it('email worker: certificate links point at the API route, never at a signed object URL', () => {
    expect(environmentOf('EmailWorkerFunction')).toMatchObject({
      MANIREPORTS_CERTIFICATE_LINK_BASE_URL: {
        'Fn::Join': [
          '',
          [{ 'Fn::GetAtt': [expect.stringMatching(/^SurfaceHttpApi/), 'ApiEndpoint'] }, '/certificates'],
        ],
      },
    });
  });

  it('moodle-callback: consumes the callbacks queue (with ChangeMessageVisibility), reads the current secret', () => {
    const statements = statementsOf('SurfaceMoodleCallbackRole');
    expect(actionsOn(statements, CALLBACK_QUEUE)).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    expect(actionsOn(statements, 'WebhookSecret')).toEqual(['secretsmanager:GetSecretValue']);
    expect(actionsOn(statements, 'dynamodb')).toEqual([]);
    expect(environmentOf('SurfaceMoodleCallbackFunction')).toMatchObject({
      MANIREPORTS_MOODLE_CALLBACK_URL: 'https://moodle.example.org/local/manireports/cloud_callback.php',
    });
  });

  it('ses-events: read-write jobs and recipients, send to its failure queue, nothing else', () => {
    const statements = statementsOf('SesEventsFunctionRole');
    expect(actionsOn(statements, 'TablesJobs')).toEqual(READ_WRITE);
    expect(actionsOn(statements, 'TablesRecipients')).toEqual(READ_WRITE);
    expect(actionsOn(statements, 'SesEventFailures')).toEqual([
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    expect(
      allActions('SesEventsFunctionRole').filter((action) => /^(ses|secretsmanager|s3|lambda):/.test(action)),
    ).toEqual([]);
  });

  it('planner and workers send callbacks; planner consumes run-now requests; certificate worker writes the registry', () => {
    for (const role of ['PlannerRole', 'EmailWorkerRole', 'CertificateWorkerRole']) {
      expect(actionsOn(statementsOf(role), CALLBACK_QUEUE)).toEqual(['sqs:SendMessage']);
    }
    // Reads snapshots, scans for run-now requests, deletes each one it handled; never writes one.
    expect(actionsOn(statementsOf('PlannerRole'), 'TablesScheduleSnapshots')).toEqual(
      ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'].sort(),
    );
    expect(actionsOn(statementsOf('CertificateWorkerRole'), 'TablesCertificates')).toEqual(READ_WRITE);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Plans due schedules'),
      Environment: {
        Variables: Match.objectLike({
          MANIREPORTS_CALLBACK_QUEUE_URL: Match.anyValue(),
          MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE: Match.anyValue(),
        }),
      },
    });
  });

  it('grants Resource "*" only for X-Ray and, in the VPC, the network interfaces', () => {
    for (const prefix of [
      'SurfaceWebhookRole',
      'SurfaceStatusApiRole',
      'SurfaceVerifyRole',
      'SurfaceMoodleCallbackRole',
      'SesEventsFunctionRole',
    ]) {
      const starActions = statementsOf(prefix)
        .filter((statement) => statement.Resource === '*')
        .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
      for (const action of starActions) expect(action).toMatch(/^(xray:|ec2:)/);
      if (prefix !== 'SurfaceStatusApiRole')
        expect(starActions.filter((action) => action.startsWith('ec2:'))).toEqual([]);
    }
  });
});

describe('callbacks event source', () => {
  it('feeds moodle-callback 5 messages at a time, 2 at once, with partial batch responses', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('CallbackQueue') },
      FunctionName: { Ref: Match.stringLikeRegexp('^SurfaceMoodleCallbackFunction') },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });
});

describe('HTTP API', () => {
  it('routes each path to its function, with no API Gateway authorizer (the functions authenticate)', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    const functionOf = (route: (typeof routes)[number]) => {
      const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref as string;
      expect(integrations[integrationId]?.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
      return String(integrations[integrationId]?.Properties.IntegrationUri['Fn::GetAtt'][0]).replace(
        /Function[0-9A-F]{8}$/,
        '',
      );
    };
    const table = Object.fromEntries(routes.map((route) => [route.Properties.RouteKey, functionOf(route)]));
    expect(table).toEqual({
      'POST /webhooks/moodle': 'SurfaceWebhook',
      'GET /jobs': 'SurfaceStatusApi',
      'GET /jobs/{id}': 'SurfaceStatusApi',
      'GET /jobs/{id}/recipients': 'SurfaceStatusApi',
      'GET /schedules': 'SurfaceStatusApi',
      'GET /dashboard': 'SurfaceStatusApi',
      'GET /dashboard/jobs/{id}': 'SurfaceStatusApi',
      'GET /verify': 'SurfaceVerify',
      'GET /verify/{code}': 'SurfaceVerify',
      'GET /certificates/{code}': 'SurfaceVerify',
    });
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('NONE');
    // API Gateway may invoke each function (one permission per route).
    expect(
      permissions.filter((permission) => permission.Properties.Principal === 'apigateway.amazonaws.com'),
    ).toHaveLength(10);
  });

  it('gives the anonymous routes their own smaller throttle, so they cannot starve the webhook', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const own = { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 };
    expect(stage?.Properties.RouteSettings).toEqual({
      'GET /verify': own,
      'GET /verify/{code}': own,
      'GET /certificates/{code}': own,
    });
    // The webhook keeps the stage's default, and the stage is deployed after the routes it names.
    expect(stage?.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    expect(stage?.Properties.RouteSettings).not.toHaveProperty(['POST /webhooks/moodle']);
    const routeIds = Object.entries(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter(([, route]) => /^GET \/(verify|certificates)/.test(route.Properties.RouteKey))
      .map(([id]) => id);
    expect(stage?.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('throttles the $default stage from context and writes JSON access logs without paths', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SurfaceHttpApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('"routeKey":"\\$context.routeKey"'),
      },
    });
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage?.Properties.AccessLogSettings.Format).not.toContain('$context.path');
  });

  it('outputs the API URL, the webhook URL and the webhook secret ARN', () => {
    template.hasOutput('ApiUrl', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SurfaceHttpApi'), 'ApiEndpoint'] },
    });
    template.hasOutput('WebhookUrl', { Value: { 'Fn::Join': ['', [Match.anyValue(), '/webhooks/moodle']] } });
    template.hasOutput('WebhookSecretArn', { Value: { 'Fn::ImportValue': Match.stringLikeRegexp('WebhookSecret') } });
  });
});

describe('SES events', () => {
  it('publishes bounces and complaints of the configuration set to an encrypted topic the function subscribes to', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: Match.stringLikeRegexp('^ConfigurationSet') },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^SesEventsTopic') } },
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: Match.stringLikeRegexp('SES'),
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SesEventsTopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: Match.stringLikeRegexp('^SesEventsTopic') },
      Endpoint: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SesEventsFunction[0-9A-F]{8}$'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('retries a failed event twice, then parks it in the failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^SesEventsFunction[0-9A-F]{8}$') },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::ImportValue': Match.stringLikeRegexp('SesEventFailures') } },
      },
    });
  });
});

describe('alarms', () => {
  it('alarms on the SES account bounce and complaint rates above the configured fractions', () => {
    for (const [metricName, threshold] of [
      ['Reputation.BounceRate', 0.05],
      ['Reputation.ComplaintRate', 0.001],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metricName,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^MonitoringAlarmTopic') }],
      });
    }
  });

  it('alarms on the callbacks DLQ, its oldest message, and the API 5xx', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::ImportValue': Match.stringLikeRegexp('CallbackQueueDeadLetter') } },
      ],
      Threshold: 0,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::ImportValue': Match.stringLikeRegexp('CallbackQueue(?!DeadLetter)') } },
      ],
      Threshold: 900,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Threshold: 0,
    });
  });
});

describe('context-dependent resources', () => {
  it('creates VPC endpoints, imports the webhook secret and grants the status token when the context asks', () => {
    // Arrange
    const context = {
      ...exampleContext(),
      createVpcEndpoints: true,
      routeTableIds: ['rtb-0123456789abcdef0'],
      webhookSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:manireports/webhook-AbCdEf',
      webhookSecretPreviousArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:manireports/webhook-old-GhIjKl',
      statusApiTokenArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:manireports/status-token-MnOpQr',
    };

    // Act
    const { stateful, pipeline } = buildTestApp(context);
    const own = Template.fromStack(pipeline);

    // Assert
    Template.fromStack(stateful).resourceCountIs('AWS::SecretsManager::Secret', 0);
    own.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
      RouteTableIds: ['rtb-0123456789abcdef0'],
    });
    own.resourcePropertiesCountIs(
      'AWS::EC2::VPCEndpoint',
      { VpcEndpointType: 'Interface', PrivateDnsEnabled: true },
      2,
    );
    own.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Job status API'),
      Environment: {
        Variables: Match.objectLike({
          MANIREPORTS_WEBHOOK_SECRET_ARN: context.webhookSecretArn,
          MANIREPORTS_WEBHOOK_SECRET_PREVIOUS_ARN: context.webhookSecretPreviousArn,
          MANIREPORTS_STATUS_API_TOKEN_ARN: context.statusApiTokenArn,
        }),
      },
    });
  });
});
