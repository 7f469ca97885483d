/**
 * What Moodle talks to and hears from: the webhook, the status API and dashboard, certificate verification (all on
 * one HTTP API), and the function that delivers callbacks to Moodle from the callbacks queue. Each function gets the
 * variables its `lambdas/<name>/config.ts` reads and only the permissions its code uses.
 */
import { Duration } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { JOBS_TABLE } from '#adapters/dynamodb/table-definitions.js';
import type { DeployConfig } from '../config/deploy-config.js';
import { HTTP_FUNCTION_TIMEOUT_SECONDS, MOODLE_CALLBACK_TIMEOUT_SECONDS } from '../config/timings.js';
import { acknowledgeBucketObjects, acknowledgeStarResource } from '../nag-acknowledgements.js';
import type { StatefulStack } from '../stacks/stateful-stack.js';
import { bindBucket, bindQueue, bindSecret, bindTable } from './bindings.js';
import { type ApiRoute, PipelineHttpApi } from './http-api.js';
import { PipelineFunction } from './pipeline-function.js';

/** Callback messages per invocation, and invocations at once: Moodle is one web server, not a fleet. */
export const CALLBACK_BATCH_SIZE = 5;
export const CALLBACK_MAX_CONCURRENCY = 2;

export interface MoodleSurfaceProps {
  config: DeployConfig;
  stateful: StatefulStack;
  /** The planner, which the webhook invokes on `run_now`. */
  planner: PipelineFunction;
  logRetention: RetentionDays;
  /** Variables every pipeline function gets (retention, claim timeout). */
  sharedEnvironment: Record<string, string>;
  /** Where the status API runs: with the planner, since `/schedules` reads Moodle's database. */
  vpc: IVpc;
  vpcSubnets: SubnetSelection;
  securityGroups: ISecurityGroup[];
}

export class MoodleSurface extends Construct {
  readonly webhook: PipelineFunction;
  readonly statusApi: PipelineFunction;
  readonly verify: PipelineFunction;
  readonly moodleCallback: PipelineFunction;
  readonly httpApi: PipelineHttpApi;

  constructor(scope: Construct, id: string, props: MoodleSurfaceProps) {
    super(scope, id);
    const { config, stateful, logRetention } = props;
    const { tables } = stateful;
    const httpFunction = (name: string, entry: string, description: string) =>
      new PipelineFunction(this, name, {
        entry,
        description,
        timeout: Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS),
        logRetention,
        environment: props.sharedEnvironment,
      });
    // makeStores needs all three names; a function gets permissions only on the tables it uses.
    const storeNames = (fn: PipelineFunction) => {
      fn.function.addEnvironment('MANIREPORTS_JOBS_TABLE', tables.jobs.tableName);
      fn.function.addEnvironment('MANIREPORTS_RECIPIENTS_TABLE', tables.recipients.tableName);
      fn.function.addEnvironment('MANIREPORTS_SCHEDULE_RUNS_TABLE', tables.scheduleRuns.tableName);
    };

    this.webhook = httpFunction('Webhook', 'lambdas/webhook/handler.ts', 'Moodle schedule-change webhook');
    storeNames(this.webhook);
    bindTable(this.webhook, {
      table: tables.webhookEvents,
      envVar: 'MANIREPORTS_WEBHOOK_EVENTS_TABLE',
      accessMode: 'readWrite',
    });
    bindTable(this.webhook, {
      table: tables.scheduleSnapshots,
      envVar: 'MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE',
      accessMode: 'readWrite',
    });
    // Cancelling a deleted or disabled schedule's queued job, and its run state.
    bindTable(this.webhook, { table: tables.jobs, envVar: 'MANIREPORTS_JOBS_TABLE', accessMode: 'readWrite' });
    bindTable(this.webhook, {
      table: tables.scheduleRuns,
      envVar: 'MANIREPORTS_SCHEDULE_RUNS_TABLE',
      accessMode: 'readWrite',
    });
    this.bindWebhookSecrets(this.webhook, config, stateful);
    // A cancelled job is final: the webhook that cancels it queues its job.completed callback.
    bindQueue(this.webhook, {
      queue: stateful.callbackQueue.queue,
      envVar: 'MANIREPORTS_CALLBACK_QUEUE_URL',
      accessMode: 'send',
    });
    // run_now: an asynchronous invoke so the run starts now instead of at the next tick.
    this.webhook.function.addEnvironment('MANIREPORTS_PLANNER_FUNCTION_NAME', props.planner.function.functionName);
    this.webhook.role.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.planner.function.functionArn] }),
    );

    this.statusApi = new PipelineFunction(this, 'StatusApi', {
      entry: 'lambdas/status-api/handler.ts',
      description: 'Job status API, schedules and the jobs dashboard',
      timeout: Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS),
      logRetention,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      environment: { ...props.sharedEnvironment, MANIREPORTS_TABLE_PREFIX: config.moodleTablePrefix },
    });
    bindTable(this.statusApi, {
      table: tables.jobs,
      envVar: 'MANIREPORTS_JOBS_TABLE',
      accessMode: 'list',
      indexNames: JOBS_TABLE.globalSecondaryIndexes?.map((index) => index.indexName) ?? [],
    });
    bindTable(this.statusApi, {
      table: tables.recipients,
      envVar: 'MANIREPORTS_RECIPIENTS_TABLE',
      accessMode: 'read',
    });
    bindTable(this.statusApi, {
      table: tables.scheduleRuns,
      envVar: 'MANIREPORTS_SCHEDULE_RUNS_TABLE',
      accessMode: 'read',
    });
    bindTable(this.statusApi, {
      table: tables.scheduleSnapshots,
      envVar: 'MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE',
      accessMode: 'read',
    });
    bindSecret(this.statusApi, { secretArn: config.moodleDbSecretArn, envVar: 'MANIREPORTS_MOODLE_DB_SECRET_ARN' });
    this.bindWebhookSecrets(this.statusApi, config, stateful);
    if (config.statusApiTokenArn) {
      bindSecret(this.statusApi, { secretArn: config.statusApiTokenArn, envVar: 'MANIREPORTS_STATUS_API_TOKEN_ARN' });
    }

    this.verify = httpFunction(
      'Verify',
      'lambdas/verify/handler.ts',
      'Public certificate verification page and certificate download links',
    );
    bindTable(this.verify, {
      table: tables.certificates,
      envVar: 'MANIREPORTS_CERTIFICATES_TABLE',
      accessMode: 'read',
    });
    // GET /certificates/{code} redirects to a short-lived URL it signs: GetObject on the objects, nothing else.
    bindBucket(this.verify, {
      bucket: {
        bucketName: stateful.certificates.bucket.bucketName,
        arnForObjects: (keyPattern: string) => `${stateful.certificateBucketArn}/${keyPattern}`,
      },
      envVar: 'MANIREPORTS_CERTIFICATE_BUCKET',
      accessMode: 'read',
    });
    acknowledgeBucketObjects(this.verify.role, stateful.certificateBucketArnExportName);

    this.moodleCallback = new PipelineFunction(this, 'MoodleCallback', {
      entry: 'lambdas/moodle-callback/handler.ts',
      description: 'Delivers signed callbacks to Moodle, retrying with backoff through the callbacks queue',
      timeout: Duration.seconds(MOODLE_CALLBACK_TIMEOUT_SECONDS),
      logRetention,
      environment: { ...props.sharedEnvironment, MANIREPORTS_MOODLE_CALLBACK_URL: config.moodleCallbackUrl },
    });
    // The current secret only: callbacks are signed, never verified, here.
    bindSecret(this.moodleCallback, { secretArn: stateful.webhookSecretArn, envVar: 'MANIREPORTS_WEBHOOK_SECRET_ARN' });
    const callbacks = stateful.callbackQueue.queue;
    bindQueue(this.moodleCallback, {
      queue: callbacks,
      envVar: 'MANIREPORTS_CALLBACK_QUEUE_URL',
      accessMode: 'urlOnly',
    });
    // The event source grants Receive/Delete/GetQueueAttributes and sqs:ChangeMessageVisibility, which the backoff
    // uses (a failed callback's message is hidden for longer each time), all on this queue only.
    this.moodleCallback.function.addEventSource(
      new SqsEventSource(callbacks, {
        batchSize: CALLBACK_BATCH_SIZE,
        maxConcurrency: CALLBACK_MAX_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );

    acknowledgeStarResource(this.statusApi.role, true);
    for (const fn of [this.webhook, this.verify, this.moodleCallback]) acknowledgeStarResource(fn.role, false);

    const route = (method: ApiRoute['method'], path: string, fn: PipelineFunction, integrationId: string) => ({
      method,
      path,
      handler: fn.function,
      integrationId,
    });
    // Anonymous routes: each throttled on its own, below the API's rate, so they cannot starve the webhook.
    const throttle = { rateLimit: config.publicRouteRateLimit, burstLimit: config.publicRouteBurstLimit };
    const publicRoute = (path: string) => ({ ...route('GET', path, this.verify, 'Verify'), throttle });
    this.httpApi = new PipelineHttpApi(this, 'HttpApi', {
      routes: [
        route('POST', '/webhooks/moodle', this.webhook, 'Webhook'),
        ...['/jobs', '/jobs/{id}', '/jobs/{id}/recipients', '/schedules', '/dashboard', '/dashboard/jobs/{id}'].map(
          (path) => route('GET', path, this.statusApi, 'StatusApi'),
        ),
        // `/verify?code=…` is what each certificate's QR code opens; `/verify/{code}` the typed form.
        ...['/verify', '/verify/{code}', '/certificates/{code}'].map(publicRoute),
      ],
      rateLimit: config.apiThrottlingRateLimit,
      burstLimit: config.apiThrottlingBurstLimit,
      logRetention,
    });
  }

  /** The current webhook secret, and the previous one during a rotation. */
  private bindWebhookSecrets(fn: PipelineFunction, config: DeployConfig, stateful: StatefulStack): void {
    bindSecret(fn, { secretArn: stateful.webhookSecretArn, envVar: 'MANIREPORTS_WEBHOOK_SECRET_ARN' });
    if (config.webhookSecretPreviousArn) {
      bindSecret(fn, { secretArn: config.webhookSecretPreviousArn, envVar: 'MANIREPORTS_WEBHOOK_SECRET_PREVIOUS_ARN' });
    }
  }
}
