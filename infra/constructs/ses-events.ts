/**
 * SES bounce and complaint events → an encrypted SNS topic → the ses-events function, which marks recipient rows and
 * counts on their jobs (lambdas/ses-events). Only BOUNCE and COMPLAINT are
 * published: a DELIVERY event for every mail would cost an SNS publish and a Lambda invocation per recipient and
 * tell us nothing the recipient row's `sent` does not already say.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SES_EVENTS_TIMEOUT_SECONDS } from '../config/timings.js';
import { acknowledgeStarResource } from '../nag-acknowledgements.js';
import { bindTable } from './bindings.js';
import { PipelineFunction } from './pipeline-function.js';
import type { PipelineTables } from './pipeline-tables.js';

export interface SesEventsProps {
  configurationSet: ConfigurationSet;
  tables: Pick<PipelineTables, 'jobs' | 'recipients' | 'scheduleRuns'>;
  /** Where an event goes after Lambda's asynchronous retries failed. */
  failureQueue: IQueue;
  logRetention: RetentionDays;
  /** Variables every pipeline function gets. */
  sharedEnvironment: Record<string, string>;
}

export class SesEvents extends Construct {
  readonly handler: PipelineFunction;
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: SesEventsProps) {
    super(scope, id);
    const { tables } = props;
    this.handler = new PipelineFunction(this, 'Function', {
      entry: 'lambdas/ses-events/handler.ts',
      description: 'Records SES bounces and complaints on recipient rows and job counters',
      timeout: Duration.seconds(SES_EVENTS_TIMEOUT_SECONDS),
      logRetention: props.logRetention,
      environment: props.sharedEnvironment,
    });
    bindTable(this.handler, { table: tables.jobs, envVar: 'MANIREPORTS_JOBS_TABLE', accessMode: 'readWrite' });
    bindTable(this.handler, {
      table: tables.recipients,
      envVar: 'MANIREPORTS_RECIPIENTS_TABLE',
      accessMode: 'readWrite',
    });
    // makeStores needs the name; no permission is granted.
    this.handler.function.addEnvironment('MANIREPORTS_SCHEDULE_RUNS_TABLE', tables.scheduleRuns.tableName);
    acknowledgeStarResource(this.handler.role, false);
    const handler = this.handler.function;

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
    this.topic.addSubscription(new LambdaSubscription(handler));
    // SNS invokes asynchronously: Lambda retries twice, then parks the event in the failure queue (alarmed).
    handler.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(props.failureQueue),
    });
  }
}
