/**
 * SES bounce and complaint events → an encrypted SNS topic → the ses-events function. Only BOUNCE and COMPLAINT are
 * published: a DELIVERY event for every mail would cost an SNS publish and a Lambda invocation per recipient and
 * tell us nothing the recipient row's `sent` does not already say.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { type ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SesEventDestinationProps {
  configurationSet: ConfigurationSet;
  /** The ses-events function. */
  handler: IFunction;
  /** Where an event goes after Lambda's asynchronous retries failed. */
  failureQueue: IQueue;
}

export class SesEventDestination extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: SesEventDestinationProps) {
    super(scope, id);
    const { account } = Stack.of(this);
    const key = new Key(this, 'TopicKey', { enableKeyRotation: true, description: 'ManiReports SES events topic' });
    // SES publishes to the encrypted topic and needs the key to do so; only for this account's sends.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, "*" means this key
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      masterKey: key,
      enforceSSL: true,
      displayName: 'ManiReports SES bounce and complaint events',
    });
    // EventDestination.snsTopic adds the topic policy that lets SES (this account, this configuration set) publish.
    props.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.topic.addSubscription(new LambdaSubscription(props.handler));
    // SNS invokes asynchronously: Lambda retries twice, then parks the event in the failure queue (alarmed).
    props.handler.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(props.failureQueue),
    });
  }
}
