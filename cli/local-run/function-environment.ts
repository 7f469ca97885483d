/**
 * The environment each function of the local run starts with: what the CDK app sets in AWS (table, queue and
 * bucket names, settings), plus the `AWS_ENDPOINT_URL_*` overrides and dummy credentials that point the functions'
 * SDK clients at the local servers. Nothing of the caller's own AWS configuration reaches a function.
 */
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#adapters/local-aws/start-local-aws.js';
import type { LocalStack } from './start-local-stack.js';

/** The three functions of the pipeline. */
export type FunctionName = 'planner' | 'email-worker' | 'certificate-worker';

/** What the local run sets up for the functions. */
export interface FunctionSettings {
  moodleDbUrl: string;
  prefix: string;
  /** The caller's environment: the documented planner settings are taken from it when set. */
  callerEnv: Readonly<Record<string, string | undefined>>;
  /** The email worker's SES rate (emails a second). */
  sendRatePerSecond: number;
}

/** A fixed secret, for local certificates only: their verification codes are reproducible run after run. */
export const LOCAL_VERIFICATION_SECRET = 'manireports-local-run-verification-secret-not-for-production';
/** Where the local run pretends Moodle lives: course links point there. */
export const LOCAL_MOODLE_URL = 'https://moodle.example.org';
/** The port `serve` and `run --serve` listen on unless told otherwise. */
export const DEFAULT_SERVE_PORT = 8787;
/**
 * Where local certificates' QR codes point: the local server's `/verify` (on its default port), so a certificate of
 * a local run verifies while `npm start` or `serve` runs.
 */
export const LOCAL_VERIFY_BASE_URL = `http://127.0.0.1:${DEFAULT_SERVE_PORT}/verify`;
/**
 * Where local certificate emails' links point: the local server's `/certificates` (on its default port), which
 * checks the code and redirects to the PDF in the local S3 while `npm start` or `serve` runs.
 */
export const LOCAL_CERTIFICATE_LINK_BASE_URL = `http://127.0.0.1:${DEFAULT_SERVE_PORT}/certificates`;

/** Settings a person may set for a local run as for the `plan` command (see the usage text). */
const PASSED_THROUGH = [
  'MANIREPORTS_SERVER_TIMEZONE',
  'MANIREPORTS_CLOUD_THRESHOLD',
  'MANIREPORTS_ROLE_ARCHETYPES',
  'MANIREPORTS_CERTIFICATE_DELIVERY',
] as const;

/** The whole `process.env` of one function. */
export function functionEnvironment(
  name: FunctionName,
  stack: LocalStack,
  settings: FunctionSettings,
): Record<string, string> {
  const shared: Record<string, string> = {
    ...runtimeBasics(),
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_LAMBDA_FUNCTION_NAME: `manireports-${name}`,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: stack.aws.endpoints.sqs,
    AWS_ENDPOINT_URL_S3: stack.aws.endpoints.s3,
    AWS_ENDPOINT_URL_SESV2: stack.aws.endpoints.ses,
    MANIREPORTS_JOBS_TABLE: stack.tables.jobs,
    MANIREPORTS_RECIPIENTS_TABLE: stack.tables.recipients,
    MANIREPORTS_SCHEDULE_RUNS_TABLE: stack.tables.scheduleRuns,
    MANIREPORTS_EMAIL_QUEUE_URL: stack.queueUrls.email,
    MANIREPORTS_CERTIFICATE_QUEUE_URL: stack.queueUrls.certificate,
    MANIREPORTS_CERTIFICATE_BUCKET: stack.bucket,
    // The shortest claim timeout the workers accept; above the local workers' 30 s timeout (see run-local-pipeline).
    MANIREPORTS_CLAIM_TIMEOUT_SECONDS: '60',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
  for (const variable of PASSED_THROUGH) {
    const value = settings.callerEnv[variable];
    if (value !== undefined && value !== '') shared[variable] = value;
  }
  switch (name) {
    case 'planner':
      return {
        ...shared,
        MANIREPORTS_MOODLE_DB_URL: settings.moodleDbUrl,
        MANIREPORTS_TABLE_PREFIX: settings.prefix,
        // Templates and run-now requests the webhook stored (callbacks stay off locally: no callback queue).
        MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE: stack.tables.scheduleSnapshots,
      };
    case 'certificate-worker':
      return {
        ...shared,
        MANIREPORTS_VERIFY_BASE_URL: LOCAL_VERIFY_BASE_URL,
        MANIREPORTS_VERIFICATION_SECRET: LOCAL_VERIFICATION_SECRET,
        MANIREPORTS_CERTIFICATES_TABLE: stack.tables.certificates,
      };
    case 'email-worker':
      return {
        ...shared,
        MANIREPORTS_MAIL_FROM: '"ManiReports (local run)" <noreply@moodle.example.org>',
        MANIREPORTS_SES_CONFIGURATION_SET: 'manireports-local',
        MANIREPORTS_MOODLE_URL: LOCAL_MOODLE_URL,
        MANIREPORTS_CERTIFICATE_LINK_BASE_URL: LOCAL_CERTIFICATE_LINK_BASE_URL,
        // One email worker locally, so it has the whole rate to itself.
        MANIREPORTS_EMAIL_WORKER_CONCURRENCY: '1',
        MANIREPORTS_MAX_SEND_RATE: String(settings.sendRatePerSecond),
      };
  }
}

/**
 * What a process needs to run at all (the path, the home and temporary folders, the locale), and nothing else:
 * no AWS profile, credentials or region, and no MANIREPORTS_* setting the run does not choose on purpose.
 */
function runtimeBasics(): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LC_ALL', 'SYSTEMROOT']) {
    const value = process.env[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}
