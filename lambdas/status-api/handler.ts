/**
 * The status API and the jobs dashboard behind API Gateway (HTTP API, payload 2.0): `GET /jobs`, `GET /jobs/{id}`,
 * `GET /jobs/{id}/recipients`, `GET /schedules`, `GET /dashboard`, `GET /dashboard/jobs/{id}` (docs/openapi.json).
 * Every refusal is a 4xx (JSON for the API, a page for the dashboard); a fault on this side a bare 500 with the
 * cause in the log.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { makeAdminRoutes } from '#adapters/http/admin-routes.js';
import { fromApiGatewayEvent, toApiGatewayResult } from '#adapters/http/api-gateway.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { logger, metrics, tracer } from '#adapters/observability/powertools.js';
import { loadStatusApiDependencies } from './config.js';

const dependencies = await loadStatusApiDependencies();
const clock = () => Math.floor(Date.now() / 1000);
const routeRequest = makeHttpRouter(makeAdminRoutes({ ...dependencies, clock, secureCookies: true }), {
  onFault: (error, request) => logger.error('status API request failed', { error, path: request.path }),
});

async function answerStatusRequest(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const response = await routeRequest(fromApiGatewayEvent(event));
  if (response.statusCode >= 400 && response.statusCode < 500) {
    // The error code only (the message may quote a value from the request); dashboard refusals are pages.
    const error = response.headers['content-type']?.startsWith('application/json')
      ? (JSON.parse(response.body) as { error: { code: string; field?: string } }).error
      : { code: 'dashboard_refused' };
    logger.warn('status API request refused', { statusCode: response.statusCode, ...error, path: event.rawPath });
  }
  metrics.addMetric(`status_api_${response.statusCode}`, MetricUnit.Count, 1);
  return toApiGatewayResult(response);
}

export const handler = middy(answerStatusRequest)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
