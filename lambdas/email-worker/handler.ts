/**
 * The email worker: an SQS event source with partial batch responses. Each message carries several recipients of
 * one job; the use case claims, sends and settles each. A provider that blocks all sending stops the batch.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { makeWorkMessageBatchHandler } from '#adapters/lambda/sqs-batch.js';
import { logger, metrics, tracer } from '#adapters/observability/powertools.js';
import { MailBlockedError } from '#domain/mailer.js';
import { makeSendEmailMessage } from '#use-cases/send-email-message.js';
import { loadEmailWorkerDependencies } from './config.js';

const sendEmailMessage = makeSendEmailMessage(loadEmailWorkerDependencies());

export const handler = middy(
  makeWorkMessageBatchHandler(sendEmailMessage, (error) => error instanceof MailBlockedError),
)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
