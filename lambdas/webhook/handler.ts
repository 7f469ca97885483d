/**
 * The Moodle webhook behind API Gateway (HTTP API, payload 2.0): `POST /webhooks/moodle`. The route checks and
 * applies the event; every refusal is a JSON 4xx, and a fault on this side a bare 500 with the cause in the log.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { fromApiGatewayEvent, toApiGatewayResult } from '#adapters/http/api-gateway.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { makeWebhookRoute } from '#adapters/http/webhook-route.js';
import { logger, metrics, tracer } from '#adapters/observability/powertools.js';
import { makeHandleScheduleEvent } from '#use-cases/handle-schedule-event.js';
import { loadWebhookDependencies } from './config.js';

const { secrets, ...dependencies } = await loadWebhookDependencies();
const clock = () => Math.floor(Date.now() / 1000);
const routeWebhook = makeHttpRouter(
  [makeWebhookRoute({ handleScheduleEvent: makeHandleScheduleEvent({ ...dependencies, clock }), secrets, clock })],
  { onFault: (error) => logger.error('webhook failed', { error }) },
);

async function receiveWebhook(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const response = await routeWebhook(fromApiGatewayEvent(event));
  if (response.statusCode >= 400) {
    // The error code only: the body may quote a value from the request, which is not for the log.
    const { error } = JSON.parse(response.body) as { error: { code: string; field?: string } };
    logger.warn('webhook refused', { statusCode: response.statusCode, code: error.code, field: error.field });
  }
  metrics.addMetric(`webhook_${response.statusCode}`, MetricUnit.Count, 1);
  return toApiGatewayResult(response);
}

export const handler = middy(receiveWebhook)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
