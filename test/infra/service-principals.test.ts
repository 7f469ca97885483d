/**
 * Confused-deputy guards: every resource policy that lets an AWS service principal in (KMS key policies, topic,
 * queue and bucket policies) holds that service to this account with `aws:SourceAccount`, and every Lambda
 * permission a service holds names the one resource of this account that may invoke (`SourceArn`).
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './build-test-app.js';

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Statement = { Principal?: { Service?: unknown }; Condition?: Record<string, Record<string, unknown>> };

let resources: [string, Resource][];

beforeAll(() => {
  // Arrange: both stacks, one synthesis.
  const { stateful, pipeline } = buildTestApp();
  resources = [stateful, pipeline].flatMap((stack) =>
    Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, Resource>),
  );
});

/** The statements of every key, topic, queue and bucket policy that name a service principal. */
function serviceStatements(): { id: string; type: string; statement: Statement }[] {
  return resources.flatMap(([id, resource]) => {
    const document = (resource.Properties?.KeyPolicy ?? resource.Properties?.PolicyDocument) as
      | { Statement: Statement[] }
      | undefined;
    if (document === undefined || resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::Role') {
      return [];
    }
    return document.Statement.filter((statement) => statement.Principal?.Service !== undefined).map((statement) => ({
      id,
      type: resource.Type,
      statement,
    }));
  });
}

/** The condition value under `key`, whatever the operator and the key's letter case. */
function conditionValue(statement: Statement, key: string): unknown {
  for (const values of Object.values(statement.Condition ?? {})) {
    for (const [name, value] of Object.entries(values)) if (name.toLowerCase() === key.toLowerCase()) return value;
  }
  return undefined;
}

describe('service principals', () => {
  it('are held to this account in every key, topic, queue and bucket policy', () => {
    // Act
    const statements = serviceStatements();

    // Assert: the two encrypted topics' keys (SES events, alarms) and the SES events topic policy at least.
    expect(statements.map(({ type, statement }) => `${type} ${JSON.stringify(statement.Principal?.Service)}`)).toEqual(
      expect.arrayContaining([
        'AWS::KMS::Key "ses.amazonaws.com"',
        'AWS::KMS::Key "cloudwatch.amazonaws.com"',
        'AWS::SNS::TopicPolicy "ses.amazonaws.com"',
      ]),
    );
    for (const { id, statement } of statements) {
      expect(conditionValue(statement, 'aws:SourceAccount'), id).toEqual({ Ref: 'AWS::AccountId' });
    }
  });

  it('may invoke a function only from one named resource of this stack', () => {
    // Act
    const permissions = resources.filter(([, resource]) => resource.Type === 'AWS::Lambda::Permission');

    // Assert: API Gateway routes, the SES events topic, the planner's schedule rule; each ARN is this account's.
    expect(permissions.length).toBeGreaterThanOrEqual(12);
    for (const [id, { Properties }] of permissions) {
      expect(String(Properties?.Principal), id).toMatch(/\.amazonaws\.com$/);
      expect(Properties?.SourceArn, id).toBeDefined();
      const arn = JSON.stringify(Properties?.SourceArn);
      // Either a reference to a resource of the stack (whose ARN is this account's) or an ARN built with it.
      expect(arn.includes('"Ref":"AWS::AccountId"') || /"(Ref|Fn::GetAtt)":/.test(arn), id).toBe(true);
    }
  });
});
