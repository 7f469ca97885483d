/**
 * The stateless pipeline: the planner on a one-minute schedule inside the imported VPC, the email and certificate
 * workers on their queues, the SES configuration set and its bounce/complaint events, the Moodle-facing HTTP API
 * and callbacks (MoodleSurface), and the alarms and dashboard. Each function gets only the environment and
 * permissions its code uses (lambdas/<function>/config.ts).
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ConfigurationSet, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../config/deploy-config.js';
import { CLAIM_TIMEOUT_SECONDS, PLANNER_TIMEOUT_SECONDS, WORK_MESSAGE_LIFETIME_SECONDS } from '../config/timings.js';
import { bindQueue, bindSecret, bindTable } from '../constructs/bindings.js';
import { MoodleNetwork } from '../constructs/moodle-network.js';
import { MoodleSurface } from '../constructs/moodle-surface.js';
import { PipelineFunction } from '../constructs/pipeline-function.js';
import { PipelineMonitoring } from '../constructs/pipeline-monitoring.js';
import { SesEvents } from '../constructs/ses-events.js';
import { UnsentRecipientsAlarm } from '../constructs/unsent-recipients-alarm.js';
import { acknowledgeStarResource } from '../nag-acknowledgements.js';
import { addCertificateWorker, addEmailWorker } from './pipeline-workers.js';
import type { StatefulStack } from './stateful-stack.js';

export interface PipelineStackProps extends StackProps {
  config: DeployConfig;
  stateful: StatefulStack;
}

export class PipelineStack extends Stack {
  readonly planner: PipelineFunction;
  readonly emailWorker: PipelineFunction;
  readonly certificateWorker: PipelineFunction;
  readonly configurationSet: ConfigurationSet;
  readonly sesEvents: SesEvents;
  readonly surface: MoodleSurface;
  readonly monitoring: PipelineMonitoring;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    const { tables, emailQueue, certificateQueue, callbackQueue } = stateful;
    // The schema only admits the periods CloudWatch Logs accepts, which are the enum's values.
    const logRetention = config.logRetentionDays as RetentionDays;
    const shared = {
      MANIREPORTS_RECIPIENT_RETENTION_DAYS: String(config.recipientRetentionDays),
      MANIREPORTS_CLAIM_TIMEOUT_SECONDS: String(CLAIM_TIMEOUT_SECONDS),
    };

    const network = new MoodleNetwork(this, 'Network', config);

    this.planner = new PipelineFunction(this, 'Planner', {
      entry: 'lambdas/planner/handler.ts',
      description: 'Plans due schedules every minute and fans cloud runs out to the work queues',
      timeout: Duration.seconds(PLANNER_TIMEOUT_SECONDS),
      logRetention,
      ...network.placement,
      environment: {
        ...shared,
        MANIREPORTS_TABLE_PREFIX: config.moodleTablePrefix,
        MANIREPORTS_WORK_MESSAGE_LIFETIME_SECONDS: String(WORK_MESSAGE_LIFETIME_SECONDS),
      },
    });
    bindSecret(this.planner, { secretArn: config.moodleDbSecretArn, envVar: 'MANIREPORTS_MOODLE_DB_SECRET_ARN' });
    bindTable(this.planner, { table: tables.jobs, envVar: 'MANIREPORTS_JOBS_TABLE', accessMode: 'readWrite' });
    bindTable(this.planner, {
      table: tables.recipients,
      envVar: 'MANIREPORTS_RECIPIENTS_TABLE',
      // The reconciler's tally, the fan-out's record of whom each page reached, and the `unsent` rows of a job
      // whose work is gone (docs/pipeline-design.md, "Every job ends").
      accessMode: 'readWrite',
    });
    bindTable(this.planner, {
      table: tables.scheduleRuns,
      envVar: 'MANIREPORTS_SCHEDULE_RUNS_TABLE',
      accessMode: 'readWrite',
    });
    bindQueue(this.planner, { queue: emailQueue.queue, envVar: 'MANIREPORTS_EMAIL_QUEUE_URL', accessMode: 'send' });
    bindQueue(this.planner, {
      queue: certificateQueue.queue,
      envVar: 'MANIREPORTS_CERTIFICATE_QUEUE_URL',
      accessMode: 'send',
    });
    bindQueue(this.planner, {
      queue: callbackQueue.queue,
      envVar: 'MANIREPORTS_CALLBACK_QUEUE_URL',
      accessMode: 'send',
    });
    bindTable(this.planner, {
      table: tables.scheduleSnapshots,
      envVar: 'MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE',
      accessMode: 'consumeRequests', // templates, and run-now requests it consumes
    });
    new Rule(this, 'PlannerSchedule', {
      description: 'Runs the ManiReports planner every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.planner.function, { retryAttempts: 0 })],
    });

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    const workerProps = { config, stateful, logRetention, sharedEnvironment: shared };
    this.emailWorker = addEmailWorker(this, { ...workerProps, configurationSet: this.configurationSet });
    this.certificateWorker = addCertificateWorker(this, workerProps);
    acknowledgeStarResource(this.planner.role, true);

    this.sesEvents = new SesEvents(this, 'SesEvents', {
      configurationSet: this.configurationSet,
      tables,
      failureQueue: stateful.sesEventFailures,
      logRetention,
      sharedEnvironment: shared,
    });

    this.surface = new MoodleSurface(this, 'Surface', {
      config,
      stateful,
      planner: this.planner,
      logRetention,
      sharedEnvironment: shared,
      ...network.placement,
    });
    const apiUrl = this.surface.httpApi.url;
    // The QR code on every certificate opens `<base>?code=…`: the cloud's own page unless context names another.
    this.certificateWorker.function.addEnvironment(
      'MANIREPORTS_VERIFY_BASE_URL',
      config.verifyBaseUrl ?? `${apiUrl}/verify`,
    );
    // Certificate emails link to `<api>/certificates/{code}`, which signs a fresh object URL on every click.
    this.emailWorker.function.addEnvironment(
      'MANIREPORTS_CERTIFICATE_LINK_BASE_URL',
      config.certificateLinkBaseUrl ?? `${apiUrl}/certificates`,
    );
    new CfnOutput(this, 'ApiUrl', { value: apiUrl, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'WebhookUrl', {
      value: `${apiUrl}/webhooks/moodle`,
      description: 'Point the Moodle plugin at this URL',
    });
    new CfnOutput(this, 'WebhookSecretArn', {
      value: stateful.webhookSecretArn,
      description: 'The shared HMAC secret (read it with aws secretsmanager get-secret-value)',
    });

    this.monitoring = new PipelineMonitoring(this, 'Monitoring', {
      functions: {
        Planner: this.planner.function,
        EmailWorker: this.emailWorker.function,
        CertificateWorker: this.certificateWorker.function,
        SesEvents: this.sesEvents.handler.function,
        Webhook: this.surface.webhook.function,
        StatusApi: this.surface.statusApi.function,
        Verify: this.surface.verify.function,
        MoodleCallback: this.surface.moodleCallback.function,
      },
      queues: [
        { name: 'Email', queue: emailQueue.queue, deadLetterQueue: emailQueue.deadLetterQueue },
        { name: 'Certificate', queue: certificateQueue.queue, deadLetterQueue: certificateQueue.deadLetterQueue },
        { name: 'Callback', queue: callbackQueue.queue, deadLetterQueue: callbackQueue.deadLetterQueue },
      ],
      failureQueues: [{ name: 'SesEvents', queue: stateful.sesEventFailures }],
      sesReputation: { bounceRate: config.sesBounceRateAlarm, complaintRate: config.sesComplaintRateAlarm },
      apiServerErrors: this.surface.httpApi.api.metricServerError({ period: Duration.minutes(5) }),
      oldestMessageAlarmSeconds: config.oldestMessageAlarmSeconds,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
    new UnsentRecipientsAlarm(this, 'UnsentRecipients', { topic: this.monitoring.topic });
  }
}
