import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNT_ID, makeLambdaContext, newInvocation } from '#adapters/local-lambda/lambda-context.js';
import { makeScheduledEvent } from '#adapters/local-lambda/scheduled-event.js';
import { IncompleteSqsMessageError, toSqsRecord } from '#adapters/local-lambda/sqs-event.js';

describe('the events and context a local invocation gets', () => {
  it('builds a scheduled event as EventBridge sends it, its time in whole seconds', () => {
    // Act
    const event = makeScheduledEvent({ time: 1_768_811_400, region: 'eu-west-1' });

    // Assert
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: LOCAL_ACCOUNT_ID,
      time: '2026-01-19T08:30:00Z',
      region: 'eu-west-1',
      resources: [`arn:aws:events:eu-west-1:${LOCAL_ACCOUNT_ID}:rule/manireports-planner-tick`],
      detail: {},
    });
  });

  it('counts the remaining time down to the deadline the function timeout sets', () => {
    // Arrange
    let now = 1_000_000;
    const invocation = newInvocation({ functionName: 'planner', timeoutMs: 30_000, region: 'eu-west-1' }, now);
    const context = makeLambdaContext(invocation, () => now);

    // Act
    const atStart = context.getRemainingTimeInMillis();
    now += 29_000;
    const nearTheEnd = context.getRemainingTimeInMillis();
    now += 5_000;
    const after = context.getRemainingTimeInMillis();

    // Assert
    expect([atStart, nearTheEnd, after]).toEqual([30_000, 1_000, 0]);
    expect(context).toMatchObject({
      functionName: 'planner',
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:eu-west-1:${LOCAL_ACCOUNT_ID}:function:planner`,
      memoryLimitInMB: '1024',
      awsRequestId: invocation.awsRequestId,
      logGroupName: '/aws/lambda/planner',
    });
    expect(context.logStreamName).toMatch(/^1970\/01\/01\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it('refuses a received message without the system attributes Lambda always passes on', () => {
    // Arrange
    const message: Message = { MessageId: 'm-1', ReceiptHandle: 'r-1', Body: '{}', Attributes: {} };

    // Act
    const convert = () =>
      toSqsRecord(message, { queueArn: 'arn:aws:sqs:us-east-1:000000000000:q', region: 'us-east-1' });

    // Assert
    expect(convert).toThrow(IncompleteSqsMessageError);
    expect(convert).toThrow('SQS message m-1 has no attribute ApproximateReceiveCount');
  });
});
