/**
 * The status-api function as Lambda runs it: config read at import from the environment (tables on dynalite, the
 * demo Moodle in a PGlite directory, both secrets and a bearer token), API Gateway payload 2.0 events in and out.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeLambdaContext, newInvocation } from '#adapters/local-lambda/lambda-context.js';
import { createPgliteClient } from '#adapters/moodle/pglite-client.js';
import { loadDemoMoodle } from '#adapters/moodle-demo/load-demo-moodle.js';
import { signDashboardLink } from '#domain/dashboard-link.js';
import { loadStatusApiToken } from '../../lambdas/status-api/config.js';
import { plannedJob } from '../dynamodb/fixtures.js';
import { functionEnvironmentOn, type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { PREVIOUS_SECRET, SECRET } from '../webhook/fixtures.js';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const TOKEN = 'handler-test-token-0123456789abcdef01';
let local: LocalDynamoDb;
let moodleDir: string;
let handler: Handler;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  await makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs }).claimRun(plannedJob(4));
  moodleDir = await mkdtemp(join(tmpdir(), 'status-api-moodle-'));
  const moodle = await createPgliteClient(moodleDir);
  await loadDemoMoodle(moodle);
  await moodle.close();
  const env: Record<string, string> = {
    ...functionEnvironmentOn(local),
    MANIREPORTS_MOODLE_DB_URL: moodleDir,
    MANIREPORTS_WEBHOOK_SECRET: SECRET,
    MANIREPORTS_WEBHOOK_SECRET_PREVIOUS: PREVIOUS_SECRET,
    MANIREPORTS_STATUS_API_TOKEN: TOKEN,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  ({ handler } = (await import('../../lambdas/status-api/handler.js')) as unknown as { handler: Handler });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await local.stop();
  await rm(moodleDir, { recursive: true, force: true });
});

/** A GET as API Gateway delivers it. */
function apiEvent(rawPath: string, rawQueryString: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    ...(rawQueryString === ''
      ? {}
      : { queryStringParameters: Object.fromEntries(new URLSearchParams(rawQueryString)) }),
    requestContext: { http: { method: 'GET', path: rawPath } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

const invoke = (event: APIGatewayProxyEventV2) =>
  handler(
    event,
    makeLambdaContext(newInvocation({ functionName: 'status-api', timeoutMs: 20_000, region: 'us-east-1' })),
  );

describe('status-api handler', () => {
  it('answers a bearer request for /jobs and /schedules', async () => {
    // Act
    const jobs = await invoke(apiEvent('/jobs', 'scheduleId=4', { authorization: `Bearer ${TOKEN}` }));
    const schedules = await invoke(apiEvent('/schedules', '', { authorization: `Bearer ${TOKEN}` }));

    // Assert
    expect(jobs.statusCode).toBe(200);
    expect(JSON.parse(jobs.body as string).jobs.map((job: { id: string }) => job.id)).toEqual([
      'schedule-4-slot-1772442000',
    ]);
    expect(schedules.statusCode).toBe(200);
    expect(JSON.parse(schedules.body as string).schedules).toHaveLength(10);
  });

  it('verifies a signature over the raw query string exactly as sent', async () => {
    // Arrange: an encoding URLSearchParams would not reproduce (%3A instead of :).
    const timestamp = Math.floor(Date.now() / 1000);
    const rawQuery = 'from=2026-03-02T00%3A00%3A00Z&limit=5';
    const signature = createHmac('sha256', PREVIOUS_SECRET).update(`${timestamp}.GET /jobs?${rawQuery}`).digest('hex');

    // Act
    const response = await invoke(
      apiEvent('/jobs', rawQuery, {
        'x-manireports-timestamp': String(timestamp),
        'x-manireports-signature': `v1=${signature}`,
      }),
    );

    // Assert
    expect(response.statusCode).toBe(200);
  });

  it('serves the dashboard: a signed link becomes a session cookie, which API Gateway hands back in `cookies`', async () => {
    // Arrange
    const link = signDashboardLink(SECRET, Math.floor(Date.now() / 1000) + 300);
    const [path, query] = link.split('?') as [string, string];

    // Act
    const exchange = await invoke(apiEvent(path, query, {}));
    const cookie = String(exchange.headers?.['set-cookie']).split(';')[0] as string;
    const page = await invoke({ ...apiEvent('/dashboard', '', {}), cookies: [cookie] });
    const refused = await invoke(apiEvent('/dashboard', '', {}));

    // Assert
    expect(exchange.statusCode).toBe(303);
    expect(exchange.headers?.['set-cookie']).toContain('Secure');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('schedule-4-slot-1772442000');
    expect(refused.statusCode).toBe(401);
    expect(refused.body).not.toContain('schedule-4-slot-1772442000');
  });

  it('refuses an unauthenticated request with a JSON 401', async () => {
    // Act
    const response = await invoke(apiEvent('/jobs', '', {}));

    // Assert
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body as string)).toMatchObject({ error: { field: 'Authorization' } });
  });
});

describe('status API token setting', () => {
  it('is optional, and refused when too short, without showing it', async () => {
    // Act
    const unset = await loadStatusApiToken({});
    const short = await loadStatusApiToken({ MANIREPORTS_STATUS_API_TOKEN: 'short-token' }).catch((error) => error);

    // Assert
    expect(unset).toBeUndefined();
    expect(short).toMatchObject({ field: 'MANIREPORTS_STATUS_API_TOKEN', value: '(hidden)' });
    expect(String(short.message)).not.toContain('short-token');
  });
});
