/**
 * Public certificate verification behind API Gateway (HTTP API, payload 2.0): `GET /verify/{code}` and
 * `GET /verify?code=…`. Not in the VPC: it reads only the certificates registry.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { fromApiGatewayEvent, toApiGatewayResult } from '#adapters/http/api-gateway.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { makeVerifyRoutes } from '#adapters/http/verify-route.js';
import { logger, metrics, tracer } from '#adapters/observability/powertools.js';
import { makeVerifyCertificate } from '#use-cases/verify-certificate.js';
import { loadVerifyDependencies } from './config.js';

const routeVerify = makeHttpRouter(
  makeVerifyRoutes({ verifyCertificate: makeVerifyCertificate(loadVerifyDependencies()) }),
  {
    onFault: (error) => logger.error('verification failed', { error }),
  },
);

async function verify(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const response = await routeVerify(fromApiGatewayEvent(event));
  // The outcome only: a code is a bearer of personal data (it unlocks a name), so it stays out of the log.
  metrics.addMetric(
    response.statusCode === 200 ? 'verify_valid' : `verify_${response.statusCode}`,
    MetricUnit.Count,
    1,
  );
  return toApiGatewayResult(response);
}

export const handler = middy(verify)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
