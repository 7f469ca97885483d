import { describe, expect, it } from 'vitest';
import { DeployConfigError, readDeployConfig } from '../../infra/config/deploy-config.js';
import { buildTestApp, exampleContext } from './build-test-app.js';

describe('deploy context', () => {
  it('accepts the example in cdk.json, and -c style strings', () => {
    const context: Record<string, unknown> = {
      ...exampleContext(),
      subnetIds: 'subnet-a, subnet-b',
      maxSendRate: '20',
    };
    const config = readDeployConfig((key) => context[key]);
    expect(config.subnetIds).toEqual(['subnet-a', 'subnet-b']);
    expect(config.maxSendRate).toBe(20);
  });

  it('stops the synth naming each missing value', () => {
    // Arrange
    const { vpcId: _vpcId, moodleDbSecretArn: _secret, ...context } = exampleContext();
    // Act / Assert
    expect(() => buildTestApp(context)).toThrowError(DeployConfigError);
    expect(() => buildTestApp(context)).toThrowError(/vpcId: missing[\s\S]*moodleDbSecretArn: missing/);
  });

  it('names a bad value and why', () => {
    const context = { ...exampleContext(), emailWorkerConcurrency: 1, logRetentionDays: 42 };
    expect(() => buildTestApp(context)).toThrowError(
      /emailWorkerConcurrency: .*2[\s\S]*logRetentionDays: must be one of/,
    );
  });
});

describe('deploy context: the Moodle surface, SES and network values', () => {
  it('defaults throttling, SES alarm thresholds and the endpoint flag, and reads -c strings', () => {
    // Arrange
    const {
      apiThrottlingRateLimit,
      apiThrottlingBurstLimit,
      sesBounceRateAlarm,
      sesComplaintRateAlarm,
      createVpcEndpoints,
      ...rest
    } = exampleContext();
    const context: Record<string, unknown> = { ...rest, createVpcEndpoints: 'true', routeTableIds: 'rtb-a, rtb-b' };

    // Act
    const config = readDeployConfig((key) => context[key]);

    // Assert
    expect(config).toMatchObject({
      apiThrottlingRateLimit: 50,
      apiThrottlingBurstLimit: 100,
      sesBounceRateAlarm: 0.05,
      sesComplaintRateAlarm: 0.001,
      createVpcEndpoints: true,
      routeTableIds: ['rtb-a', 'rtb-b'],
    });
    expect(config.webhookSecretArn).toBeUndefined();
  });

  it('wants an https callback URL', () => {
    const { moodleCallbackUrl: _url, ...context } = exampleContext();
    expect(() => buildTestApp(context)).toThrowError(/moodleCallbackUrl: missing/);
    expect(() => buildTestApp({ ...context, moodleCallbackUrl: 'http://moodle.example.org/cb.php' })).toThrowError(
      /moodleCallbackUrl: must be an https:\/\/ URL/,
    );
  });

  it('names bad throttling numbers, thresholds that are not fractions, and a bad secret ARN', () => {
    const context = {
      ...exampleContext(),
      apiThrottlingRateLimit: 0,
      sesBounceRateAlarm: 5,
      sesComplaintRateAlarm: 0,
      webhookSecretArn: 'manireports/webhook',
    };
    const build = () => buildTestApp(context);
    expect(build).toThrowError(/apiThrottlingRateLimit: .*>=1/);
    expect(build).toThrowError(/sesBounceRateAlarm: must be a fraction below 1/);
    expect(build).toThrowError(/sesComplaintRateAlarm: must be above 0/);
    expect(build).toThrowError(/webhookSecretArn: must be the full ARN/);
  });

  it('refuses a burst below the rate, and VPC endpoints without route tables', () => {
    const context = {
      ...exampleContext(),
      apiThrottlingRateLimit: 200,
      apiThrottlingBurstLimit: 100,
      publicRouteRateLimit: 30,
      publicRouteBurstLimit: 5,
      createVpcEndpoints: true,
    };
    expect(() => buildTestApp(context)).toThrowError(
      /apiThrottlingBurstLimit: must be at least apiThrottlingRateLimit \(200\)[\s\S]*publicRouteBurstLimit: must be at least publicRouteRateLimit \(30\)[\s\S]*routeTableIds: missing/,
    );
  });
});

describe('cdk-nag', () => {
  it('synthesizes the whole app with no unacknowledged AwsSolutions finding', () => {
    const { app } = buildTestApp();
    expect(() => app.synth()).not.toThrow();
  });

  it('also with VPC endpoints, imported secrets and a status token', () => {
    const { app } = buildTestApp({
      ...exampleContext(),
      createVpcEndpoints: true,
      routeTableIds: ['rtb-0123456789abcdef0'],
      webhookSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:manireports/webhook-AbCdEf',
      statusApiTokenArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:manireports/status-token-MnOpQr',
    });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('deploy context: recipient retention outlives every work message', () => {
  it('stops the synth when recipientRetentionDays does not exceed queue plus dead-letter retention', () => {
    // Arrange: 4 days in the queue + 14 in the DLQ = 18 days a message can live.
    const tooShort = { ...exampleContext(), recipientRetentionDays: 18 };
    const oneDay = { ...exampleContext(), recipientRetentionDays: '1' };

    // Act / Assert
    expect(() => buildTestApp(tooShort)).toThrowError(DeployConfigError);
    expect(() => buildTestApp(tooShort)).toThrowError(
      /recipientRetentionDays: must be more than 18 \(a work message can live that long/,
    );
    expect(() => readDeployConfig((key) => (oneDay as Record<string, unknown>)[key])).toThrowError(
      /recipientRetentionDays: must be more than 18/,
    );
  });

  it('accepts a retention one day past the longest message life', () => {
    const context: Record<string, unknown> = { ...exampleContext(), recipientRetentionDays: 19 };
    expect(readDeployConfig((key) => context[key]).recipientRetentionDays).toBe(19);
  });
});
