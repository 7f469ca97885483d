/**
 * The HTTP surface the local server offers, built on the local stack's tables: the Moodle webhook, certificate
 * verification and download links, the status API and the jobs dashboard. The same route factories run behind API Gateway in AWS.
 */
import { makeDynamoCertificateRegistry } from '#adapters/dynamodb/dynamo-certificate-registry.js';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoRecipientLedger } from '#adapters/dynamodb/dynamo-recipient-ledger.js';
import { makeDynamoScheduleRunStateStore } from '#adapters/dynamodb/dynamo-schedule-run-state-store.js';
import { makeDynamoWebhookEventLedger } from '#adapters/dynamodb/webhook-event-ledger.js';
import { makeDynamoScheduleSnapshotStore } from '#adapters/dynamodb/webhook-schedule-snapshot-store.js';
import { makeAdminRoutes } from '#adapters/http/admin-routes.js';
import { makeCertificateRoute } from '#adapters/http/certificate-route.js';
import type { HttpRoute } from '#adapters/http/http-router.js';
import { makeVerifyRoutes } from '#adapters/http/verify-route.js';
import { makeWebhookRoute } from '#adapters/http/webhook-route.js';
import { makeS3CertificateStore } from '#adapters/s3/s3-certificate-store.js';
import { readPlannerSettings } from '#config/planner-settings.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import { makeHandleScheduleEvent } from '#use-cases/handle-schedule-event.js';
import { makeOpenCertificate } from '#use-cases/open-certificate.js';
import { makeVerifyCertificate } from '#use-cases/verify-certificate.js';
import type { LocalStack } from '../local-run/start-local-stack.js';

/** What a route factory may build on while the local server runs. */
export interface ServeContext {
  /** The local AWS servers and the clients on them; the tables hold every earlier local run's jobs. */
  stack: LocalStack;
  /** The webhook secrets in force, current first (they also sign callbacks and dashboard links). */
  secrets: readonly string[];
  /** The Moodle database the session serves: its URL (a PGlite directory for the demo) and table prefix. */
  moodle: { url: string; prefix: string };
  /** The caller's environment (documented settings such as MANIREPORTS_STATUS_API_TOKEN). */
  env: Readonly<Record<string, string | undefined>>;
  /** Epoch seconds. */
  clock: () => number;
}

/** How long a webhook event id is remembered locally, as the webhook function's default. */
const WEBHOOK_RETENTION_SECONDS = 30 * 86_400;

/** Every route the local server offers; `bridge` reads the served Moodle's schedules for `/schedules` and the dashboard. */
export function makeLocalRoutes(context: ServeContext, bridge: MoodleBridge): HttpRoute[] {
  return [
    makeLocalWebhookRoute(context),
    ...makeLocalVerifyRoutes(context),
    makeLocalCertificateRoute(context),
    ...makeLocalAdminRoutes(context, bridge),
  ];
}

function makeLocalWebhookRoute({ stack, secrets, clock }: ServeContext): HttpRoute {
  const client = stack.clients.dynamo;
  const handleScheduleEvent = makeHandleScheduleEvent({
    events: makeDynamoWebhookEventLedger({ client, tableName: stack.tables.webhookEvents }),
    snapshots: makeDynamoScheduleSnapshotStore({ client, tableName: stack.tables.scheduleSnapshots }),
    runState: makeDynamoScheduleRunStateStore({ client, tableName: stack.tables.scheduleRuns }),
    jobs: makeDynamoJobStore({ client, tableName: stack.tables.jobs }),
    clock,
    retentionSeconds: WEBHOOK_RETENTION_SECONDS,
  });
  return makeWebhookRoute({ handleScheduleEvent, secrets, clock });
}

function makeLocalVerifyRoutes({ stack }: ServeContext): HttpRoute[] {
  const registry = makeDynamoCertificateRegistry({
    client: stack.clients.dynamo,
    tableName: stack.tables.certificates,
  });
  return makeVerifyRoutes({ verifyCertificate: makeVerifyCertificate({ registry }) });
}

/** `GET /certificates/{code}`: the links in local certificate emails, redirected to the PDF in the local S3. */
function makeLocalCertificateRoute({ stack }: ServeContext): HttpRoute {
  const registry = makeDynamoCertificateRegistry({
    client: stack.clients.dynamo,
    tableName: stack.tables.certificates,
  });
  const store = makeS3CertificateStore({ client: stack.clients.s3, bucket: stack.bucket, keyPrefix: '' });
  return makeCertificateRoute({ openCertificate: makeOpenCertificate({ registry, store }) });
}

function makeLocalAdminRoutes({ stack, secrets, env, clock }: ServeContext, bridge: MoodleBridge): HttpRoute[] {
  const client = stack.clients.dynamo;
  const token = env.MANIREPORTS_STATUS_API_TOKEN;
  return makeAdminRoutes({
    jobs: makeDynamoJobStore({ client, tableName: stack.tables.jobs }),
    ledger: makeDynamoRecipientLedger({ client, tableName: stack.tables.recipients, retentionSeconds: 30 * 86_400 }),
    runState: makeDynamoScheduleRunStateStore({ client, tableName: stack.tables.scheduleRuns }),
    bridge,
    settings: { serverTimeZone: readPlannerSettings(env).serverTimeZone },
    keys: { secrets, ...(token ? { token } : {}) },
    clock,
    // Served over plain http on loopback: a `Secure` cookie would not come back from every browser.
    secureCookies: false,
  });
}
