/**
 * The status API on real servers for the route and OpenAPI tests: dynalite with three jobs and their recipient rows,
 * the demo Moodle on PGlite, the routes behind the real router, and requests signed or carrying the bearer token.
 */
import { createHmac } from 'node:crypto';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoRecipientLedger } from '#adapters/dynamodb/dynamo-recipient-ledger.js';
import { makeDynamoScheduleRunStateStore } from '#adapters/dynamodb/dynamo-schedule-run-state-store.js';
import type { HttpRequest, HttpResponse } from '#adapters/http/http-message.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { makeStatusRoutes } from '#adapters/http/status-routes.js';
import { type CloudJob, jobIdFor } from '#domain/cloud-job.js';
import { plannedJob } from '../dynamodb/fixtures.js';
import { openDemoMoodle } from '../pipeline/demo-moodle.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { NOW, PREVIOUS_SECRET, SECRET } from '../webhook/fixtures.js';

export { NOW, PREVIOUS_SECRET, SECRET };
export const TOKEN = 'status-api-token-0123456789abcdef0123';

/** 2026-03-01T08:00:00Z and the next two days' 08:00. */
const DAY = 86_400;
const MARCH_1_0800 = 1_772_352_000;

/** Three jobs, oldest first: a finished email run with a failure, a running `both` run, a delegated local run. */
export const JOBS: CloudJob[] = [
  plannedJob(1, {
    jobId: jobIdFor(1, MARCH_1_0800),
    runSlot: MARCH_1_0800,
    createdAt: MARCH_1_0800 + 4,
    startedAt: MARCH_1_0800 + 6,
    completedAt: MARCH_1_0800 + 40,
    status: 'completed_with_failures',
    counts: {
      total: 3,
      sent: 1,
      failed: 1,
      skipped: 1,
      unconfirmed: 0,
      unsent: 0,
      suppressed: 5,
      certificates: 0,
      bounced: 1,
      complained: 0,
    },
    fanout: { cursorUserId: 72, complete: true, leaseOwner: 'planner-1', leaseUntil: MARCH_1_0800 + 120 },
  }),
  plannedJob(4, {
    jobId: jobIdFor(4, MARCH_1_0800 + DAY),
    runSlot: MARCH_1_0800 + DAY,
    actionType: 'both',
    createdAt: MARCH_1_0800 + DAY + 3,
    startedAt: MARCH_1_0800 + DAY + 5,
    status: 'running',
  }),
  plannedJob(7, {
    jobId: jobIdFor(7, MARCH_1_0800 + 2 * DAY),
    runSlot: MARCH_1_0800 + 2 * DAY,
    route: 'local',
    routeReason: 'forced_local',
    routeExplanation: 'cloud_preference is local',
    createdAt: MARCH_1_0800 + 2 * DAY + 2,
    completedAt: MARCH_1_0800 + 2 * DAY + 2,
    status: 'delegated_local',
    fanout: { cursorUserId: 0, complete: true, leaseOwner: '', leaseUntil: 0 },
  }),
];

export type StatusApi = Awaited<ReturnType<typeof startStatusApi>>;

/** Starts dynalite and the demo Moodle, seeds {@link JOBS}, and serves the status routes at {@link NOW}. */
export async function startStatusApi() {
  const [local, moodle] = await Promise.all([startLocalDynamoDb(), openDemoMoodle()]);
  const stores = storesOn(local);
  for (const job of JOBS) await stores.jobs.claimRun(job);
  const first = (JOBS[0] as CloudJob).jobId;
  for (const userId of [60, 61, 62]) await stores.ledger.claim(first, userId, MARCH_1_0800 + 10, 900);
  await stores.ledger.settle(first, 60, { status: 'sent', sesMessageId: 'ses-60' }, MARCH_1_0800 + 12);
  await stores.ledger.settle(first, 61, { status: 'failed', lastError: 'SES rejected the address' }, MARCH_1_0800 + 13);
  await stores.ledger.settle(first, 62, { status: 'skipped', lastError: 'schedule disabled' }, MARCH_1_0800 + 14);
  await stores.runState.save({
    scheduleId: 1,
    lastRunSlot: MARCH_1_0800,
    nextRun: MARCH_1_0800 + DAY,
    lastJobId: first,
    updatedAt: MARCH_1_0800,
  });
  const route = makeHttpRouter(
    makeStatusRoutes({
      ...stores,
      bridge: moodle.bridge,
      settings: { serverTimeZone: 'UTC' },
      keys: { token: TOKEN, secrets: [SECRET, PREVIOUS_SECRET] },
      clock: () => NOW,
    }),
  );
  return {
    route,
    /** The DynamoDB server, for other routes on the same tables (the webhook). */
    local,
    /** GET `target` (path and query as sent) with the bearer token, a signature, or nothing. */
    async get(target: string, auth: Auth = { bearer: TOKEN }): Promise<HttpResponse & { json: unknown }> {
      const response = await route(makeRequest('GET', target, auth));
      return { ...response, json: JSON.parse(response.body) as unknown };
    },
    async stop() {
      await Promise.all([local.stop(), moodle.close()]);
    },
  };
}

function storesOn(local: LocalDynamoDb) {
  return {
    jobs: makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs }),
    ledger: makeDynamoRecipientLedger({
      client: local.client,
      tableName: local.tables.recipients,
      retentionSeconds: DAY,
    }),
    runState: makeDynamoScheduleRunStateStore({ client: local.client, tableName: local.tables.scheduleRuns }),
  };
}

/** How a test request authenticates: a bearer token, an HMAC signature (optionally over another line), or none. */
export type Auth =
  | { bearer: string }
  | { secret: string; timestamp?: number; signedLine?: string }
  | { authorization?: string; timestamp?: string; signature?: string }
  | 'none';

/** A request as API Gateway would pass it: raw path and query, decoded query parameters, lower-case headers. */
export function makeRequest(method: string, target: string, auth: Auth): HttpRequest {
  const [path, rawQuery = ''] = target.split(/\?(.*)/s) as [string, string?];
  const headers: Record<string, string> = {};
  if (auth !== 'none' && 'bearer' in auth) headers.authorization = `Bearer ${auth.bearer}`;
  else if (auth !== 'none' && 'secret' in auth) {
    const timestamp = auth.timestamp ?? NOW;
    const line = auth.signedLine ?? `${method} ${target}`;
    headers['x-manireports-timestamp'] = String(timestamp);
    headers['x-manireports-signature'] =
      `v1=${createHmac('sha256', auth.secret).update(`${timestamp}.${line}`).digest('hex')}`;
  } else if (auth !== 'none') {
    if (auth.authorization) headers.authorization = auth.authorization;
    if (auth.timestamp) headers['x-manireports-timestamp'] = auth.timestamp;
    if (auth.signature) headers['x-manireports-signature'] = auth.signature;
  }
  const query = Object.fromEntries(new URLSearchParams(rawQuery));
  return {
    method,
    path,
    ...(rawQuery === '' ? {} : { query, rawQuery }),
    headers,
    body: new Uint8Array(),
  };
}
