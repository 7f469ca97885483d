/**
 * Alarms for the pipeline on one encrypted SNS topic, and a dashboard: a dead letter is never normal, a message
 * waiting too long means the workers are stuck or throttled, and any function error or throttle needs a look.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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

export interface PipelineMonitoringProps {
  functions: Readonly<Record<string, IFunction>>;
  queues: readonly MonitoredQueue[];
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
    // CloudWatch publishes alarm notifications to the encrypted topic and needs the key to do so.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
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
    this.dashboard = dashboard;
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
