/**
 * The verify Lambda end to end: an API Gateway HTTP API (payload 2.0) event, the real config read at cold start,
 * the middy chain, and the registry on dynalite.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeDynamoCertificateRegistry } from '#adapters/dynamodb/dynamo-certificate-registry.js';
import { makeLambdaContext, newInvocation } from '#adapters/local-lambda/lambda-context.js';
import { loadVerifyDependencies } from '../../lambdas/verify/config.js';
import { functionEnvironmentOn, type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const CODE = 'ABCD-EFGH-JKMN-PQRS';
let local: LocalDynamoDb;
let handler: Handler;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  await makeDynamoCertificateRegistry({ client: local.client, tableName: local.tables.certificates }).register({
    verificationCode: CODE,
    name: 'Ana Lima',
    course: 'Onboarding',
    issuedOn: '2026-01-19',
    issuedOnText: '19 de janeiro de 2026',
    issuedAt: Date.UTC(2026, 0, 19, 6) / 1000,
    jobId: 'schedule-6-slot-1768802400',
    scheduleId: 6,
    userId: 77,
    certificateKey: `certificates/schedule-6/1768802400/user-77-${CODE}.pdf`,
  });
  const env: Record<string, string> = {
    ...functionEnvironmentOn(local),
    MANIREPORTS_CERTIFICATES_TABLE: local.tables.certificates,
    // Only signed, never fetched here: the bucket need not exist for the redirect to be built.
    MANIREPORTS_CERTIFICATE_BUCKET: 'certificates-bucket',
    AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  // The handler reads its config at import (its cold start), so the environment must be in place first.
  ({ handler } = (await import('../../lambdas/verify/handler.js')) as unknown as { handler: Handler });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await local.stop();
});

function apiEvent(rawPath: string, query?: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    ...(query ? { queryStringParameters: query } : {}),
    headers: { accept: '*/*' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'local',
      domainPrefix: 'local',
      http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'phone' },
      requestId: 'request-1',
      routeKey: '$default',
      stage: '$default',
      time: '19/Jan/2026:09:00:00 +0000',
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

const context = (): Context =>
  makeLambdaContext(newInvocation({ functionName: 'verify', timeoutMs: 10_000, region: 'us-east-1' }));

describe('the verify Lambda handler', () => {
  it('answers a known code (path and query form) and an unknown one', async () => {
    // Act
    const byPath = await handler(apiEvent(`/verify/${CODE.toLowerCase()}`), context());
    const byQuery = await handler(apiEvent('/verify', { code: CODE }), context());
    const unknown = await handler(apiEvent('/verify/0000-0000-0000-0000'), context());

    // Assert
    expect(byPath.statusCode).toBe(200);
    expect(JSON.parse(byPath.body ?? '')).toEqual({
      status: 'valid',
      certificate: { code: CODE, name: 'Ana Lima', course: 'Onboarding', issuedOn: '2026-01-19' },
    });
    expect(byQuery.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body ?? '')).toEqual({ status: 'unknown', code: '0000-0000-0000-0000' });
  });
});

describe('certificate links on the verify Lambda', () => {
  it('redirects a known code to a short-lived signed URL of its object, and answers 404 to an unknown one', async () => {
    // Act
    const known = await handler(apiEvent(`/certificates/${CODE}`), context());
    const unknown = await handler(apiEvent('/certificates/0000-0000-0000-0000'), context());

    // Assert
    expect(known.statusCode).toBe(302);
    const location = new URL(known.headers?.location as string);
    expect(location.pathname).toBe(`/certificates-bucket/certificates/schedule-6/1768802400/user-77-${CODE}.pdf`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(known.headers).toMatchObject({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers?.location).toBeUndefined();
  });
});

describe('the verify function configuration', () => {
  it('names the missing table variable', () => {
    // Act
    const act = () => loadVerifyDependencies({ AWS_REGION: 'eu-west-1' });

    // Assert
    expect(act).toThrow('MANIREPORTS_CERTIFICATES_TABLE: is required but not set');
  });
});
