/**
 * The callback sender: an SQS event source on the callbacks queue with partial batch responses. Each record is one
 * callback; a delivered one is deleted, a failed one comes back after its backoff (then goes to the DLQ). Logs
 * name the callback and the reason, never the body or the signature.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { SQSRecord } from 'aws-lambda';
import { makeSqsRecordBatchHandler } from '#adapters/lambda/sqs-record-batch.js';
import { logger, metrics, tracer } from '#adapters/observability/powertools.js';
import { CallbackNotDeliveredError } from '#domain/callback-delivery.js';
import { makeDeliverCallback } from '#use-cases/deliver-callback.js';
import { loadMoodleCallbackDependencies } from './config.js';

const deliverCallback = makeDeliverCallback(await loadMoodleCallbackDependencies());

async function deliverRecord(record: SQSRecord): Promise<void> {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  try {
    const callbackId = await deliverCallback({ body: record.body, receiptHandle: record.receiptHandle, receiveCount });
    logger.info('callback delivered', { callbackId, receiveCount });
    metrics.addMetric('callbacks_delivered', MetricUnit.Count, 1);
  } catch (error) {
    const fields =
      error instanceof CallbackNotDeliveredError
        ? { callbackId: error.callbackId, reason: error.reason }
        : { reason: error instanceof Error ? error.message : String(error) };
    logger.warn('callback not delivered; retried later', { messageId: record.messageId, receiveCount, ...fields });
    metrics.addMetric('callbacks_failed', MetricUnit.Count, 1);
    throw error;
  }
}

export const handler = middy(makeSqsRecordBatchHandler(deliverRecord))
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
