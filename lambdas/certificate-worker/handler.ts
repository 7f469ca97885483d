/**
 * The certificate worker: an SQS event source with partial batch responses. Renders and stores each recipient's
 * certificate; for `both` jobs it hands the recipients on to the email worker with their certificates.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { makeWorkMessageBatchHandler } from '#adapters/lambda/sqs-batch.js';
import { logger, metrics, tracer } from '#adapters/observability/powertools.js';
import { makeIssueCertificates } from '#use-cases/issue-certificates.js';
import { loadCertificateWorkerDependencies } from './config.js';

const issueCertificates = makeIssueCertificates(await loadCertificateWorkerDependencies());

export const handler = middy(makeWorkMessageBatchHandler(issueCertificates))
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
