/**
 * docs/openapi.json against the code: every route the status API and the webhook serve is documented, and real
 * responses of those routes (dynalite and the demo Moodle on PGlite) validate against the documented schemas with
 * ajv, as a client generated from the document would expect them.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoCertificateRegistry } from '#adapters/dynamodb/dynamo-certificate-registry.js';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoScheduleRunStateStore } from '#adapters/dynamodb/dynamo-schedule-run-state-store.js';
import { makeDynamoWebhookEventLedger } from '#adapters/dynamodb/webhook-event-ledger.js';
import { makeDynamoScheduleSnapshotStore } from '#adapters/dynamodb/webhook-schedule-snapshot-store.js';
import { makeCertificateRoute } from '#adapters/http/certificate-route.js';
import type { HttpResponse } from '#adapters/http/http-message.js';
import { type HttpRoute, makeHttpRouter } from '#adapters/http/http-router.js';
import { makeStatusRoutes, type StatusRoutesDeps } from '#adapters/http/status-routes.js';
import { makeVerifyRoutes } from '#adapters/http/verify-route.js';
import { makeWebhookRoute } from '#adapters/http/webhook-route.js';
import { makeS3CertificateStore } from '#adapters/s3/s3-certificate-store.js';
import { createS3Client } from '#adapters/s3/s3-client.js';
import { buildCallbackEvent } from '#domain/callback-event.js';
import { makeHandleScheduleEvent } from '#use-cases/handle-schedule-event.js';
import { makeOpenCertificate } from '#use-cases/open-certificate.js';
import { plannedJob, SLOT } from '../dynamodb/fixtures.js';
import { JOBS, makeRequest, NOW, SECRET, type StatusApi, startStatusApi } from '../status-api/status-fixtures.js';
import { eventBody, signedRequest } from '../webhook/fixtures.js';

interface Operation {
  requestBody?: { content?: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }>; $ref?: string }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, { post: Operation }>;
  components: { schemas: Record<string, unknown>; responses: Record<string, Operation['responses'][string]> };
}

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8'));
const documentText = readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
const openApi = JSON.parse(documentText) as OpenApiDocument;

// The document sits next to the event schema, so its relative `$ref` resolves to that schema's `$id`.
const BASE = 'https://manireports.example/schemas/openapi.json';
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
ajv.addSchema(read('webhook-event.schema.json'));
for (const [name, schema] of Object.entries(openApi.components.schemas)) {
  // Each component as its own schema, under the id its `#/components/schemas/<name>` pointer stands for.
  ajv.addSchema(rewriteRefs(schema) as object, `${BASE}#/components/schemas/${name}`);
}

/** Points `#/components/schemas/X` at the id each component was added under. */
function rewriteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteRefs);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' ? new URL(value, `${BASE}`).href : rewriteRefs(value),
    ]),
  );
}

/** The documented JSON schema of `path`'s GET/POST response with this status. */
function responseSchema(path: string, method: string, status: number): unknown {
  const operation = openApi.paths[path]?.[method.toLowerCase()];
  let response = operation?.responses[String(status)];
  if (response?.$ref !== undefined) response = openApi.components.responses[response.$ref.split('/').pop() as string];
  const schema = response?.content?.['application/json']?.schema;
  if (schema === undefined) throw new Error(`${method} ${path} documents no JSON ${status} response`);
  return rewriteRefs(schema);
}

function expectDocumented(path: string, method: string, response: HttpResponse, status: number): void {
  expect(response.statusCode).toBe(status);
  const validate = ajv.compile(responseSchema(path, method, status) as object);
  const valid = validate(JSON.parse(response.body));
  expect(validate.errors ?? [], `${method} ${path} → ${status}: ${response.body}`).toEqual([]);
  expect(valid).toBe(true);
}

describe('docs/openapi.json callbacks', () => {
  it.each([
    ['run.delegated_local', plannedJob(5, { route: 'local', routeReason: 'forced_local', status: 'delegated_local' })],
    ['job.completed', plannedJob(6, { status: 'completed_with_failures', completedAt: SLOT + 600, lastError: 'x' })],
    [
      'job.completed',
      plannedJob(7, {
        status: 'completed_with_failures',
        completedAt: SLOT + 600,
        counts: { ...plannedJob(7).counts, total: 30, sent: 5, unsent: 25 },
      }),
    ],
  ] as const)('%s: the body the sender posts validates against the documented schema', (type, job) => {
    // Arrange: the request body schema of the callback, as a client generated from the document reads it.
    const schema = openApi.webhooks[type]?.post.requestBody?.content?.['application/json']?.schema;
    const validate = ajv.compile(rewriteRefs(schema) as object);

    // Act
    const body = JSON.parse(JSON.stringify(buildCallbackEvent(type, job, SLOT + 86_400, SLOT + 700)));

    // Assert
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(body).toMatchObject({ id: `${type}:${job.jobId}`, type });
  });
});

describe('docs/openapi.json', () => {
  it('is OpenAPI 3.1 with one error schema and both security schemes for the status API', () => {
    // Assert
    expect(openApi.openapi).toMatch(/^3\.1\.\d+$/);
    expect(Object.keys(openApi.webhooks).sort()).toEqual(['job.completed', 'run.delegated_local']);
    expect(openApi.paths['/jobs']?.get).toMatchObject({
      security: [{ bearerToken: [] }, { signature: [], signatureTimestamp: [] }],
    });
    for (const [path, methods] of Object.entries(openApi.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const json = response.$ref ?? JSON.stringify(response.content?.['application/json']?.schema ?? {});
          if (status.startsWith('4') && !/^\/(verify|certificates|dashboard)/.test(path)) {
            expect(json, `${method} ${path} ${status}`).toMatch(/Error|components\/responses/);
          }
        }
      }
    }
  });

  it('documents every route the status API, the webhook and the verify function serve', () => {
    // Arrange: the routes only need their dependencies when they handle a request.
    const routes: HttpRoute[] = [
      ...makeStatusRoutes({} as StatusRoutesDeps),
      ...makeVerifyRoutes({ verifyCertificate: async (code) => ({ status: 'unknown', code }) }),
      makeCertificateRoute({ openCertificate: async (code) => ({ status: 'unknown', code }) }),
      makeWebhookRoute({
        handleScheduleEvent: async () => ({ status: 'duplicate', eventId: 'x' }),
        secrets: [],
        clock: () => 0,
      }),
    ];

    // Assert
    for (const route of routes) {
      expect(openApi.paths[route.pattern], route.pattern).toHaveProperty(route.method.toLowerCase());
    }
  });

  it('has schemas that compile under strict ajv', () => {
    // Act / Assert
    for (const name of Object.keys(openApi.components.schemas)) {
      expect(() => ajv.getSchema(`${BASE}#/components/schemas/${name}`), name).not.toThrow();
    }
  });
});

describe('real responses match docs/openapi.json', () => {
  let api: StatusApi;
  beforeAll(async () => {
    api = await startStatusApi();
  });
  afterAll(() => api.stop());

  const [first] = JOBS.map((job) => job.jobId) as [string];

  it('GET /jobs, /jobs/{id}, /jobs/{id}/recipients and /schedules answer their documented 200 bodies', async () => {
    // Act
    const list = await api.get('/jobs?limit=2');
    const filtered = await api.get('/jobs?status=completed_with_failures&from=2026-03-01');
    const job = await api.get(`/jobs/${first}`);
    const recipients = await api.get(`/jobs/${first}/recipients?limit=2`);
    const schedules = await api.get('/schedules');

    // Assert
    expect(list.json).toHaveProperty('nextCursor');
    expectDocumented('/jobs', 'GET', list, 200);
    expectDocumented('/jobs', 'GET', filtered, 200);
    expectDocumented('/jobs/{id}', 'GET', job, 200);
    expectDocumented('/jobs/{id}/recipients', 'GET', recipients, 200);
    expectDocumented('/schedules', 'GET', schedules, 200);
  });

  it('answers its documented 401, 404 and 422 bodies', async () => {
    // Act
    const unauthorized = await api.get('/jobs', 'none');
    const missing = await api.get('/jobs/nope');
    const missingRecipients = await api.get('/jobs/nope/recipients');
    const invalid = await api.get('/jobs?status=bogus');
    const invalidRecipients = await api.get(`/jobs/${first}/recipients?cursor=zzz`);

    // Assert
    expectDocumented('/jobs', 'GET', unauthorized, 401);
    expectDocumented('/jobs/{id}', 'GET', missing, 404);
    expectDocumented('/jobs/{id}/recipients', 'GET', missingRecipients, 404);
    expectDocumented('/jobs', 'GET', invalid, 422);
    expectDocumented('/jobs/{id}/recipients', 'GET', invalidRecipients, 422);
  });

  it('POST /webhooks/moodle answers its documented bodies, and the event validates against the referenced schema', async () => {
    // Arrange
    const { client, tables } = api.local;
    const route = makeHttpRouter([
      makeWebhookRoute({
        secrets: [SECRET],
        clock: () => NOW,
        handleScheduleEvent: makeHandleScheduleEvent({
          events: makeDynamoWebhookEventLedger({ client, tableName: tables.webhookEvents }),
          snapshots: makeDynamoScheduleSnapshotStore({ client, tableName: tables.scheduleSnapshots }),
          runState: makeDynamoScheduleRunStateStore({ client, tableName: tables.scheduleRuns }),
          jobs: makeDynamoJobStore({ client, tableName: tables.jobs }),
          clock: () => NOW,
          retentionSeconds: 86_400,
        }),
      }),
    ]);
    const body = eventBody({ type: 'schedule.run_now' });
    const validateEvent = ajv.compile(rewriteRefs({ $ref: 'webhook-event.schema.json' }) as object);

    // Act
    const accepted = await route(signedRequest(body));
    const duplicate = await route(signedRequest(body));
    const unsigned = await route(makeRequest('POST', '/webhooks/moodle', 'none'));
    const notJson = await route(signedRequest('{'));
    const invalid = await route(signedRequest(eventBody({ type: 'schedule.renamed' })));

    // Assert
    expect(validateEvent(body)).toBe(true);
    expectDocumented('/webhooks/moodle', 'POST', accepted, 200);
    expect(JSON.parse(accepted.body)).toMatchObject({ status: 'accepted', runRequested: true });
    expectDocumented('/webhooks/moodle', 'POST', duplicate, 200);
    expectDocumented('/webhooks/moodle', 'POST', unsigned, 401);
    expectDocumented('/webhooks/moodle', 'POST', notJson, 400);
    expectDocumented('/webhooks/moodle', 'POST', invalid, 422);
  });

  it('GET /certificates/{code} answers its documented redirect and 404 body', async () => {
    // Arrange: the registry on dynalite holding one certificate; the S3 store only signs (no request is made).
    const code = '7K3M-9QXH-2B4N-D8RT';
    const key = `certificates/schedule-3/1776326400/user-345-${code}.pdf`;
    const { client, tables } = api.local;
    const registry = makeDynamoCertificateRegistry({ client, tableName: tables.certificates });
    await registry.register({
      verificationCode: code,
      name: 'Ana Lima',
      course: 'Onboarding',
      issuedOn: '2026-04-16',
      issuedOnText: '16 April 2026',
      issuedAt: 1776326400,
      jobId: 'schedule-3-slot-1776326400',
      scheduleId: 3,
      userId: 345,
      certificateKey: key,
    });
    const s3 = createS3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const store = makeS3CertificateStore({ client: s3, bucket: 'certificates', keyPrefix: '' });
    const route = makeHttpRouter([makeCertificateRoute({ openCertificate: makeOpenCertificate({ registry, store }) })]);

    // Act
    const found = await route(makeRequest('GET', `/certificates/${code}`, 'none'));
    const unknown = await route(makeRequest('GET', '/certificates/0000-0000-0000-0000', 'none'));

    // Assert
    const documented = openApi.paths['/certificates/{code}']?.get?.responses as Record<string, { headers?: object }>;
    expect(found.statusCode).toBe(302);
    expect(documented['302']?.headers).toHaveProperty('Location');
    const location = new URL(found.headers.location ?? '');
    expect(location.pathname).toBe(`/certificates/${key}`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    expectDocumented('/certificates/{code}', 'GET', unknown, 404);
  });
});
