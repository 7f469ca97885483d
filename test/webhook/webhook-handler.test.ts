/**
 * The Lambda handler end to end: an API Gateway HTTP API (payload 2.0) event, the real config read from the
 * environment at cold start, the middy chain, and the stores on dynalite.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoScheduleRunStateStore } from '#adapters/dynamodb/dynamo-schedule-run-state-store.js';
import { makeDynamoScheduleSnapshotStore } from '#adapters/dynamodb/webhook-schedule-snapshot-store.js';
import { makeLambdaContext, newInvocation } from '#adapters/local-lambda/lambda-context.js';
import { signWebhookBody } from '#domain/webhook-signature.js';
import { plannedJob, SLOT } from '../dynamodb/fixtures.js';
import { functionEnvironmentOn, type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { eventBody, PREVIOUS_SECRET, SECRET, scheduleRow } from './fixtures.js';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

let local: LocalDynamoDb;
let handler: Handler;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  const env: Record<string, string> = {
    ...functionEnvironmentOn(local),
    MANIREPORTS_WEBHOOK_EVENTS_TABLE: local.tables.webhookEvents,
    MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE: local.tables.scheduleSnapshots,
    MANIREPORTS_WEBHOOK_SECRET: SECRET,
    MANIREPORTS_WEBHOOK_SECRET_PREVIOUS: PREVIOUS_SECRET,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  // The handler reads its config at import (its cold start), so the environment must be in place first.
  ({ handler } = (await import('../../lambdas/webhook/handler.js')) as unknown as { handler: Handler });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await local.stop();
});

/** The API Gateway event for `body`, signed now with `secret`, optionally base64-encoded as API Gateway may send it. */
function apiEvent(
  body: string,
  options: { secret?: string; base64?: boolean; method?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const timestamp = Math.floor(Date.now() / 1000);
  const method = options.method ?? 'POST';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/webhooks/moodle',
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      'x-manireports-timestamp': String(timestamp),
      'x-manireports-signature': signWebhookBody(options.secret ?? SECRET, timestamp, Buffer.from(body)),
      ...options.headers,
    },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'local',
      domainPrefix: 'local',
      http: {
        method,
        path: '/webhooks/moodle',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'MoodleBot/1.0',
      },
      requestId: 'request-1',
      routeKey: '$default',
      stage: '$default',
      time: '02/Mar/2026:09:00:00 +0000',
      timeEpoch: Date.now(),
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}

function context(): Context {
  return makeLambdaContext(newInvocation({ functionName: 'webhook', timeoutMs: 10_000, region: 'us-east-1' }));
}

describe('the webhook Lambda handler', () => {
  it('accepts a signed update, then answers the redelivery 200 duplicate', async () => {
    // Arrange
    const body = JSON.stringify(eventBody({ id: 'evt-h-1', schedule: scheduleRow({ id: 201, subject: 'Due soon' }) }));

    // Act
    const first = await handler(apiEvent(body), context());
    const again = await handler(apiEvent(body), context());

    // Assert
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body ?? '')).toMatchObject({ status: 'accepted', eventId: 'evt-h-1', scheduleId: 201 });
    expect(first.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(again.body ?? '')).toEqual({ status: 'duplicate' });
    const snapshots = makeDynamoScheduleSnapshotStore({
      client: local.client,
      tableName: local.tables.scheduleSnapshots,
    });
    expect((await snapshots.get(201))?.template).toEqual({ subject: 'Due soon' });
  });

  it('reads a base64 body signed with the previous secret and cancels the job of a deleted schedule', async () => {
    // Arrange
    const jobs = makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs });
    const runState = makeDynamoScheduleRunStateStore({ client: local.client, tableName: local.tables.scheduleRuns });
    const job = plannedJob(202, { status: 'running' });
    await jobs.claimRun(job);
    await runState.save({
      scheduleId: 202,
      lastRunSlot: SLOT,
      nextRun: SLOT + 86_400,
      lastJobId: job.jobId,
      updatedAt: SLOT,
    });
    const body = JSON.stringify(eventBody({ id: 'evt-h-2', type: 'schedule.deleted', schedule: { id: 202 } }));

    // Act
    const response = await handler(apiEvent(body, { secret: PREVIOUS_SECRET, base64: true }), context());

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toMatchObject({ status: 'accepted', cancelledJobId: job.jobId });
    expect((await jobs.getJob(job.jobId))?.status).toBe('cancelled');
  });

  it('refuses bad input with a JSON 4xx and no stack trace', async () => {
    // Arrange
    const badEnum = JSON.stringify(eventBody({ id: 'evt-h-3', schedule: scheduleRow({ cloud_preference: 'edge' }) }));
    const cases = [
      apiEvent(badEnum),
      apiEvent('{not json'),
      apiEvent(badEnum, { secret: 'wrong-secret-0123456789abcdef0123456789' }),
      apiEvent(badEnum, { method: 'PUT' }),
    ];

    // Act
    const responses = await Promise.all(cases.map((event) => handler(event, context())));

    // Assert
    expect(responses.map((r) => [r.statusCode, JSON.parse(r.body ?? '').error.code])).toEqual([
      [422, 'unknown_enum_value'],
      [400, 'malformed_json'],
      [401, 'invalid_signature'],
      [405, 'method_not_allowed'],
    ]);
    expect(JSON.parse(responses[0]?.body ?? '').error).toEqual({
      code: 'unknown_enum_value',
      field: 'schedule.cloud_preference',
      message: `schedule.cloud_preference: must be one of 'auto', 'cloud', 'local' (got "edge")`,
    });
    for (const response of responses) expect(response.body).not.toMatch(/\bat .+:\d+:\d+/);
  });
});
