/**
 * Public certificate verification and certificate downloads behind API Gateway (HTTP API, payload 2.0):
 * `GET /verify/{code}`, `GET /verify?code=…` and `GET /certificates/{code}` (a redirect to a freshly signed,
 * short-lived URL of the PDF). Not in the VPC: it reads only the certificates registry and signs object URLs.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { fromApiGatewayEvent, toApiGatewayResult } from '#adapters/http/api-gateway.js';
import { CERTIFICATES_PATH, makeCertificateRoute } from '#adapters/http/certificate-route.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { makeVerifyRoutes } from '#adapters/http/verify-route.js';
import { logger, metrics, tracer } from '#adapters/observability/powertools.js';
import { makeOpenCertificate } from '#use-cases/open-certificate.js';
import { makeVerifyCertificate } from '#use-cases/verify-certificate.js';
import { loadVerifyDependencies } from './config.js';

const dependencies = loadVerifyDependencies();
const routeRequest = makeHttpRouter(
  [
    ...makeVerifyRoutes({ verifyCertificate: makeVerifyCertificate(dependencies) }),
    makeCertificateRoute({ openCertificate: makeOpenCertificate(dependencies) }),
  ],
  { onFault: (error) => logger.error('verification failed', { error }) },
);

async function verify(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const request = fromApiGatewayEvent(event);
  const response = await routeRequest(request);
  // The outcome only: a code is a bearer of personal data (it unlocks a name), so it stays out of the log.
  const kind = request.path.startsWith(CERTIFICATES_PATH) ? 'certificate_link' : 'verify';
  const outcome = response.statusCode < 400 ? 'valid' : String(response.statusCode);
  metrics.addMetric(`${kind}_${outcome}`, MetricUnit.Count, 1);
  return toApiGatewayResult(response);
}

export const handler = middy(verify)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
