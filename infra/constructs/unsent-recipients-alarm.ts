/**
 * An alarm that names the job: when a job ends at its work deadline with recipients never mailed, the planner emits
 * `unsent_recipients` with a `JobId` dimension (lambdas/planner/handler.ts). Job ids are not known at synth, so a
 * plain metric alarm could only watch an aggregate; a Metrics Insights query grouped by `JobId` makes each job's
 * series a contributor of one multi-time-series alarm, and the contributor in ALARM is the job
 * (`aws cloudwatch describe-alarm-contributors`, or the alarm's page). The log line
 * `job ended with unsent recipients` carries the same `jobId`.
 */
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { UNSENT_RECIPIENTS_METRIC } from '#domain/work-deadline.js';

/** The Powertools namespace and service of every function (shared/adapters/observability/powertools.ts). */
export const METRICS_NAMESPACE = 'ManiReportsCloud';
const SERVICE_DIMENSION = 'service';

export interface UnsentRecipientsAlarmProps {
  /** Where the alarm notifies. */
  topic: ITopic;
}

export class UnsentRecipientsAlarm extends Construct {
  readonly alarm: CfnAlarm;

  constructor(scope: Construct, id: string, props: UnsentRecipientsAlarmProps) {
    super(scope, id);
    this.alarm = new CfnAlarm(this, 'Alarm', {
      alarmDescription:
        'A job ended with recipients never mailed (its work message was lost or dead-lettered). The contributor ' +
        'in ALARM is the JobId; redrive its dead letters with `manireports-cloud redrive --job <JobId>` ' +
        '(docs/deploy.md, "Redrive a job").',
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: 'notBreaching',
      metrics: [
        {
          id: 'unsent',
          expression:
            `SELECT MAX(${UNSENT_RECIPIENTS_METRIC}) FROM SCHEMA("${METRICS_NAMESPACE}", JobId, ${SERVICE_DIMENSION}) ` +
            'GROUP BY JobId',
          period: 300,
          returnData: true,
        },
      ],
      alarmActions: [props.topic.topicArn],
    });
  }
}
