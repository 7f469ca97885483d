/**
 * Alarms for the pipeline on one encrypted SNS topic, and a dashboard: a dead letter is never normal, a message
 * waiting too long means the workers are stuck or throttled, and any function error or throttle needs a look.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoredQueue {
  name: string;
  queue: IQueue;
  deadLetterQueue: IQueue;
}

/** A queue that only ever holds failures (a Lambda on-failure destination): any message is an alarm. */
export interface MonitoredFailureQueue {
  name: string;
  queue: IQueue;
}

/** SES account reputation thresholds, as fractions (0.05 = 5 %). */
export interface SesReputationThresholds {
  bounceRate: number;
  complaintRate: number;
}

export interface PipelineMonitoringProps {
  functions: Readonly<Record<string, IFunction>>;
  queues: readonly MonitoredQueue[];
  /** @default none */
  failureQueues?: readonly MonitoredFailureQueue[];
  /** @default no SES reputation alarms */
  sesReputation?: SesReputationThresholds;
  /** The HTTP API's 5xx count; any in 5 minutes alarms. @default no API alarm */
  apiServerErrors?: IMetric;
  /** Alarm when a work queue's oldest message is older than this. */
  oldestMessageAlarmSeconds: number;
  /** @default no subscription */
  alarmEmail?: string;
}

export class PipelineMonitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', { enableKeyRotation: true, description: 'ManiReports alarm topic' });
    // CloudWatch publishes alarm notifications to the encrypted topic and needs the key to do so; only for this
    // account's alarms (confused deputy: no other account's alarm can use the key through the service).
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, "*" means this key
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true, displayName: 'ManiReports alarms' });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(6) });
    for (const { name, queue, deadLetterQueue } of props.queues) {
      const deadLetters = deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) });
      const oldest = queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) });
      this.alarm(`${name}DeadLetters`, deadLetters, 0, `A message reached the ${name} dead-letter queue.`);
      this.alarm(
        `${name}OldestMessage`,
        oldest,
        props.oldestMessageAlarmSeconds,
        `The ${name} queue's oldest message waited over ${props.oldestMessageAlarmSeconds} s.`,
      );
      dashboard.addWidgets(
        new GraphWidget({
          title: `${name} queue`,
          left: [queue.metricApproximateNumberOfMessagesVisible(), queue.metricNumberOfMessagesSent()],
          right: [oldest],
        }),
        new GraphWidget({ title: `${name} dead letters`, left: [deadLetters] }),
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      const period = Duration.minutes(5);
      this.alarm(`${name}Errors`, fn.metricErrors({ period }), 0, `${name} reported errors.`);
      this.alarm(`${name}Throttles`, fn.metricThrottles({ period }), 0, `${name} was throttled.`);
      dashboard.addWidgets(
        new GraphWidget({
          title: `${name} invocations`,
          left: [fn.metricInvocations(), fn.metricErrors(), fn.metricThrottles()],
          right: [fn.metricDuration({ statistic: 'p95' })],
        }),
      );
    }
    for (const { name, queue } of props.failureQueues ?? []) {
      const failures = queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) });
      this.alarm(`${name}Failures`, failures, 0, `An event reached the ${name} failure queue.`);
      dashboard.addWidgets(new GraphWidget({ title: `${name} failures`, left: [failures] }));
    }
    if (props.sesReputation) this.addSesReputation(dashboard, props.sesReputation);
    if (props.apiServerErrors) {
      this.alarm('ApiServerErrors', props.apiServerErrors, 0, 'The HTTP API answered with a 5xx.');
      dashboard.addWidgets(new GraphWidget({ title: 'HTTP API 5xx', left: [props.apiServerErrors] }));
    }
    this.dashboard = dashboard;
  }

  /**
   * SES's account-wide reputation rates (namespace AWS/SES, no dimension; published as fractions). SES reviews an
   * account at 5 % bounces or 0.1 % complaints: alarm before that, at the configured thresholds.
   */
  private addSesReputation(dashboard: Dashboard, thresholds: SesReputationThresholds): void {
    const rate = (metricName: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
    const bounceRate = rate('Reputation.BounceRate');
    const complaintRate = rate('Reputation.ComplaintRate');
    this.alarm('SesBounceRate', bounceRate, thresholds.bounceRate, `SES bounce rate above ${thresholds.bounceRate}.`);
    this.alarm(
      'SesComplaintRate',
      complaintRate,
      thresholds.complaintRate,
      `SES complaint rate above ${thresholds.complaintRate}.`,
    );
    dashboard.addWidgets(new GraphWidget({ title: 'SES reputation', left: [bounceRate, complaintRate] }));
  }

  /** An alarm on `metric > threshold` in one period, notifying the topic; no data is not a breach. */
  private alarm(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
