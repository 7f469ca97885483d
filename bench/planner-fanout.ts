/**
 * One planner fan-out of a single cloud email schedule with `learners` recipients, on a fresh real PostgreSQL
 * database and local AWS servers (dynalite, fauxqs). Run in its own process (see bench/index.ts) so its peak
 * memory is its own. Prints one JSON line. With `--workers`, the email worker then sends every message through
 * the local SES, to count the workers' calls per recipient.
 */
import { createRequire } from 'node:module';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoRecipientLedger } from '#adapters/dynamodb/dynamo-recipient-ledger.js';
import { makeDynamoScheduleRunStateStore } from '#adapters/dynamodb/dynamo-schedule-run-state-store.js';
import { makeDynamoScheduleSnapshotStore } from '#adapters/dynamodb/webhook-schedule-snapshot-store.js';
import { makeSesMailer } from '#adapters/email/ses-mailer.js';
import { type LocalAws, startLocalAws } from '#adapters/local-aws/start-local-aws.js';
import { openMoodleBridge } from '#adapters/moodle/open-moodle-bridge.js';
import { openSqlClient } from '#adapters/moodle/open-sql-client.js';
import { addScaleCourse, SCALE_COURSE } from '#adapters/moodle-demo/add-scale-course.js';
import { loadDemoMoodle } from '#adapters/moodle-demo/load-demo-moodle.js';
import { createWorkQueues } from '#adapters/sqs/create-work-queues.js';
import { createSqsClient } from '#adapters/sqs/sqs-client.js';
import { makeSqsWorkQueue } from '#adapters/sqs/sqs-work-queue.js';
import { defaultTemplateFor } from '#domain/email-template.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { makePlanDueRuns } from '#use-cases/plan-due-runs.js';
import { makeSendEmailMessage } from '#use-cases/send-email-message.js';
import { startLocalDynamoDb } from '../test/support/local-dynamodb.js';
import { createBenchDatabase } from './bench-database.js';
import { countCalls, totalCalls } from './count-calls.js';
import { drainQueue } from './drain-queue.js';

const learners = Number(process.argv[2]);
const withWorkers = process.argv.includes('--workers');
/** Monday 2026-01-12 08:30 UTC: the scale schedule's first slot (08:00) is due. */
const AT = 1_768_206_600;

const database = await createBenchDatabase();
const aws: LocalAws = await startLocalAws();
const dynamo = await startLocalDynamoDb();
try {
  const sql = await openSqlClient(database.url);
  await loadDemoMoodle(sql.client);
  await addScaleCourse(sql.client, { ...SCALE_COURSE, learners });
  await sql.client.query(`UPDATE mdl_manireports_schedules SET enabled = 0 WHERE id <> ${SCALE_COURSE.scheduleId}`);
  await sql.client.close();

  const sqs = createSqsClient(aws.clientConfig.sqs);
  const { queueUrls } = await createWorkQueues(sqs, { email: 'bench-email', certificate: 'bench-certificate' });
  const dynamoCalls = countCalls(dynamo.client, 'dynamodb');
  const sqsCalls = countCalls(sqs, 'sqs');
  const jobs = makeDynamoJobStore({ client: dynamo.client, tableName: dynamo.tables.jobs });
  const ledger = makeDynamoRecipientLedger({
    client: dynamo.client,
    tableName: dynamo.tables.recipients,
    retentionSeconds: 86_400,
  });
  const bridge = await openMoodleBridge(database.url);
  const planDueRuns = makePlanDueRuns({
    bridge,
    jobs,
    ledger,
    runState: makeDynamoScheduleRunStateStore({ client: dynamo.client, tableName: dynamo.tables.scheduleRuns }),
    snapshots: makeDynamoScheduleSnapshotStore({ client: dynamo.client, tableName: dynamo.tables.scheduleSnapshots }),
    queue: makeSqsWorkQueue({ client: sqs, queueUrls }),
    clock: () => AT,
    owner: 'bench',
    settings: {
      serverTimeZone: 'UTC',
      cloudThreshold: 50,
      pageSize: 1000,
      leaseSeconds: 600,
      reconcileAfterSeconds: 1800,
      workMessageLifetimeSeconds: 4 * 86_400 + 720,
    },
  });

  const started = performance.now();
  const report = await planDueRuns(AT);
  const plannerMs = performance.now() - started;
  const planner = { dynamodb: { ...dynamoCalls }, sqs: { ...sqsCalls } };
  const outcome = report.schedules[0];

  let workers: { ses: number; dynamodb: number; sqsReceives: number; ms: number } | undefined;
  if (withWorkers) {
    for (const key of Object.keys(dynamoCalls)) delete dynamoCalls[key];
    const ses = createRequire(import.meta.url)('@aws-sdk/client-sesv2') as typeof import('@aws-sdk/client-sesv2');
    const sesClient = new ses.SESv2Client({ ...aws.clientConfig.ses, maxAttempts: 1 });
    const sesCalls = countCalls(sesClient, 'ses');
    const sendEmailMessage = makeSendEmailMessage({
      ledger,
      jobs,
      mailer: makeSesMailer({ configurationSetName: 'bench', client: sesClient }),
      templateFor: async (message) => defaultTemplateFor(message.actionType),
      links: {
        courseUrl: (id) => `https://moodle.example.org/course/view.php?id=${id}`,
        certificateLink: () => '',
      },
      awaitSendSlot: async () => undefined,
      backOff: async () => undefined,
      clock: () => Math.floor(Date.now() / 1000),
      settings: { from: 'noreply@example.org', claimTimeoutSeconds: 900, maxAttempts: 5, throttleRetries: 3 },
    });
    const workersStarted = performance.now();
    const bodies = await drainQueue(sqs, queueUrls.email);
    for (const body of bodies) await sendEmailMessage(parseWorkMessage(body));
    workers = {
      ses: totalCalls(sesCalls),
      dynamodb: totalCalls(dynamoCalls),
      sqsReceives: 0,
      ms: performance.now() - workersStarted,
    };
  }
  await bridge.close();

  console.log(
    JSON.stringify({
      learners,
      outcome: outcome?.outcome,
      plannerMs: Math.round(plannerMs),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      planner,
      workers,
    }),
  );
} finally {
  await dynamo.stop();
  await aws.stop();
  await database.drop();
}
