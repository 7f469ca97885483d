/**
 * The planner, invoked every minute by EventBridge, and at once (asynchronously) by the webhook when Moodle asks to
 * run a schedule now: starts pending run-now requests, plans every enabled schedule at the event's time, claims due
 * runs, and fans cloud runs out to the workers. It stops starting new pages 30 s before its timeout; the next tick
 * resumes from the saved cursor.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { logger, metrics, tracer } from '#adapters/observability/powertools.js';
import type { CloudJob } from '#domain/cloud-job.js';
import { isPlannerTriggerPayload, type PlannerTriggerPayload } from '#domain/planner-trigger.js';
import { UNSENT_RECIPIENTS_METRIC } from '#domain/work-deadline.js';
import { makePlanDueRuns } from '#use-cases/plan-due-runs.js';
import { loadPlannerDependencies } from './config.js';

const SAFETY_MARGIN_MS = 30_000;
const dependencies = await loadPlannerDependencies();
const clock = () => Math.floor(Date.now() / 1000);

async function planTick(event: Pick<ScheduledEvent, 'time'> | PlannerTriggerPayload, context: Context) {
  const planDueRuns = makePlanDueRuns({
    ...dependencies,
    clock,
    owner: context.awsRequestId,
    shouldStop: () => context.getRemainingTimeInMillis() < SAFETY_MARGIN_MS,
    onPage: ({ jobId, enqueued }) => logger.debug('fan-out page enqueued', { jobId, enqueued }),
    onJobEnded: reportUnsent,
  });
  // A webhook trigger plans "now"; a scheduled event plans at its own minute, however late it arrives.
  if (isPlannerTriggerPayload(event))
    logger.info('triggered', { scheduleId: event.scheduleId, eventId: event.eventId });
  const report = await planDueRuns(
    isPlannerTriggerPayload(event) ? clock() : Math.floor(Date.parse(event.time) / 1000),
  );
  for (const outcome of report.schedules) {
    if (outcome.outcome === 'invalid') {
      logger.warn('schedule skipped: invalid', { scheduleId: outcome.scheduleId, problem: outcome.error.message });
    } else if (outcome.outcome !== 'not_due') {
      logger.info('schedule run', { ...outcome });
      metrics.addMetric(`runs_${outcome.outcome}`, MetricUnit.Count, 1);
    }
  }
  if (report.swept) logger.info('running jobs swept', { running: report.swept.running, ended: report.swept.ended });
  for (const outcome of report.runRequests) {
    if (outcome.outcome === 'dropped') logger.warn('run-now request dropped', { ...outcome });
    else logger.info('run-now request', { ...outcome });
    metrics.addMetric(`run_now_${outcome.outcome}`, MetricUnit.Count, 1);
  }
  return report;
}

/**
 * A job ended at its work deadline with recipients never mailed: the `unsent_recipients` metric with a `JobId`
 * dimension is what the CloudWatch alarm's Metrics Insights query groups by, so the alarm names the job.
 */
function reportUnsent(job: CloudJob): void {
  logger.warn('job ended with unsent recipients', { jobId: job.jobId, unsent: job.counts.unsent });
  const single = metrics.singleMetric();
  single.addDimension('JobId', job.jobId);
  single.addMetric(UNSENT_RECIPIENTS_METRIC, MetricUnit.Count, job.counts.unsent);
}

export const handler = middy(planTick)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
