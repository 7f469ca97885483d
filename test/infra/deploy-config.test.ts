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

describe('cdk-nag', () => {
  it('synthesizes the whole app with no unacknowledged AwsSolutions finding', () => {
    const { app } = buildTestApp();
    expect(() => app.synth()).not.toThrow();
  });
});
