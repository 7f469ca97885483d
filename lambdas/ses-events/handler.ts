/**
 * SES bounce and complaint events (configuration-set event destination → SNS → this function). Each record marks
 * its recipient row and counts on its job once; records without our message tags are logged and left alone. A
 * store failure throws, so Lambda retries the asynchronous invocation (a retry changes nothing twice).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { logger, metrics, tracer } from '#adapters/observability/powertools.js';
import { parseSesEvent } from '#domain/ses-event.js';
import { makeRecordDeliveryEvent } from '#use-cases/record-delivery-event.js';
import { loadSesEventsDependencies } from './config.js';

const clock = () => Math.floor(Date.now() / 1000);
const recordDeliveryEvent = makeRecordDeliveryEvent({ ...loadSesEventsDependencies(), clock });

async function receiveSesEvents(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    const parsed = parseSesEvent(record.Sns.Message, clock());
    if (parsed.outcome === 'ignored') {
      // Never the record itself: it carries the recipient's address.
      const { reason, eventType, sesMessageId } = parsed;
      logger.info('SES event ignored', { reason, eventType, sesMessageId, snsMessageId: record.Sns.MessageId });
      metrics.addMetric(`ses_event_ignored_${reason}`, MetricUnit.Count, 1);
      continue;
    }
    const { jobId, userId, kind, detail, sesMessageId } = parsed.event;
    const outcome = await recordDeliveryEvent(parsed.event);
    logger.info('SES event', { outcome, jobId, userId, kind, detail, sesMessageId });
    metrics.addMetric(`ses_${kind}_${outcome}`, MetricUnit.Count, 1);
  }
}

export const handler = middy(receiveSesEvents)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
