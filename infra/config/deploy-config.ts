/**
 * The deployment's context values (cdk.json `context` or `-c key=value`), validated once at synth time. A missing
 * or bad value stops the synth with a message naming it, before any construct is built.
 */
import { z } from 'zod';
import { LONGEST_MESSAGE_LIFE_DAYS } from './timings.js';

/** The values come from cdk.json (JSON types) or from `-c` (always strings); accept both. */
const wholeNumber = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const idList = (prefix: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value),
    z.array(z.string().startsWith(prefix, `each must start with ${prefix}`)).min(1, 'needs at least one id'),
  );
const secretArn = z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, {
  message: 'must be the full ARN of a Secrets Manager secret',
});
const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' });
const httpsUrl = z.string().regex(/^https:\/\/[^\s]+$/, { message: 'must be an https:// URL' });
/** A rate as a fraction (0.05 = 5 %), the unit SES's reputation metrics use. */
const fraction = z.coerce.number().gt(0, 'must be above 0').lt(1, 'must be a fraction below 1 (0.05 = 5 %)');
/** cdk.json gives a boolean, `-c` a string. */
const flag = z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean());

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557];

export const DEPLOY_CONTEXT = z.object({
  /** The VPC the Moodle database (or its RDS Proxy) is reachable from. */
  vpcId: z.string().startsWith('vpc-', 'must be a VPC id (vpc-…)'),
  /** Private subnets for the planner, with a route to the database and to AWS APIs (NAT or VPC endpoints). */
  subnetIds: idList('subnet-'),
  /** The security group the database accepts connections from. */
  securityGroupId: z.string().startsWith('sg-', 'must be a security group id (sg-…)'),
  /** The secret holding the Moodle database connection URL (postgres:// or mysql://). */
  moodleDbSecretArn: secretArn,
  /** The Moodle table prefix. */
  moodleTablePrefix: z.string().min(1).default('mdl_'),
  /** The sender address, `noreply@example.org` or `"Example Academy" <noreply@example.org>`. */
  mailFrom: z.string().regex(/^(?:"[^"\r\n]*" )?<?[^\s@<>]+@[^\s@<>]+>?$/, { message: 'must be an email address' }),
  /** The verified SES identity that sends: the domain (example.org) or the address itself. */
  sesIdentity: z.string().regex(/^[^\s"<>]+$/, { message: 'must be a domain or an email address' }),
  moodleUrl: httpUrl,
  /** The public verification page the certificates' QR codes open. @default the HTTP API's `/verify` */
  verifyBaseUrl: httpUrl.optional(),
  /**
   * Where certificate emails' links point, ending in `/certificates` (a custom domain in front of the API, say).
   * @default the HTTP API's `/certificates`
   */
  certificateLinkBaseUrl: httpUrl.optional(),
  /** The secret holding the certificate verification secret (at least 32 characters). */
  verificationSecretArn: secretArn,
  /** Where alarms are mailed; unset: the topic has no subscription. */
  alarmEmail: z.string().email().optional(),
  /** The account's SES MaxSendRate (messages per second), shared by all email workers. */
  maxSendRate: wholeNumber(1, 10_000),
  /** The email queue's maximum concurrency; SQS event sources accept 2–1000. */
  emailWorkerConcurrency: wholeNumber(2, 1000),
  certificateWorkerConcurrency: wholeNumber(2, 1000).default(2),
  /** SQS messages per invocation; each message carries up to 25 recipients. */
  emailBatchSize: wholeNumber(1, 10),
  certificateBatchSize: wholeNumber(1, 10),
  /** Days after which a stored certificate expires; 0 keeps certificates for ever. */
  certificateExpirationDays: wholeNumber(0, 36_500),
  /** Days a replaced or deleted certificate version is kept. */
  certificateNoncurrentVersionDays: wholeNumber(1, 36_500),
  /** Days a recipient row lives (DynamoDB TTL on `expiresAt`). */
  recipientRetentionDays: wholeNumber(1, 36_500),
  logRetentionDays: z.coerce
    .number()
    .int()
    .refine((days) => LOG_RETENTION_DAYS.includes(days), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`),
  /** Alarm when the oldest message of a work queue is older than this. */
  oldestMessageAlarmSeconds: wholeNumber(60, 1_209_600).default(900),
  /** Where callbacks to Moodle are POSTed (run.delegated_local, job.completed); https only, the body is signed. */
  moodleCallbackUrl: httpsUrl,
  /** The shared webhook secret, if you manage it yourself; unset: the stateful stack creates one (64 hex). */
  webhookSecretArn: secretArn.optional(),
  /** During a rotation: the previous webhook secret, still accepted on incoming requests. */
  webhookSecretPreviousArn: secretArn.optional(),
  /** The status API's bearer token secret; unset: the status API accepts the HMAC scheme only. */
  statusApiTokenArn: secretArn.optional(),
  /** The HTTP API's steady request rate (requests per second) across all routes. */
  apiThrottlingRateLimit: wholeNumber(1, 10_000).default(50),
  /** The HTTP API's burst (requests). */
  apiThrottlingBurstLimit: wholeNumber(1, 5_000).default(100),
  /**
   * The anonymous routes' own steady rate (`GET /verify`, `/verify/{code}`, `/certificates/{code}`, each), in place
   * of the API's: a flood of verification requests is refused there instead of crowding out Moodle's webhook.
   */
  publicRouteRateLimit: wholeNumber(1, 10_000).default(10),
  /** The anonymous routes' burst (requests). */
  publicRouteBurstLimit: wholeNumber(1, 5_000).default(20),
  /** Alarm when SES's account bounce rate exceeds this (SES reviews accounts at 5 %, pauses at 10 %). */
  sesBounceRateAlarm: fraction.default(0.05),
  /** Alarm when SES's account complaint rate exceeds this (SES reviews at 0.1 %, pauses at 0.5 %). */
  sesComplaintRateAlarm: fraction.default(0.001),
  /**
   * Create a DynamoDB gateway endpoint and SQS, Secrets Manager, X-Ray and CloudWatch Logs interface endpoints in the
   * imported VPC, for subnets without a NAT gateway. Leave false when the VPC has NAT or these endpoints already.
   */
  createVpcEndpoints: flag.default(false),
  /** The route tables of `subnetIds`, for the DynamoDB gateway endpoint; required with `createVpcEndpoints`. */
  routeTableIds: idList('rtb-').optional(),
});

export type DeployConfig = z.infer<typeof DEPLOY_CONTEXT>;

/** A context value is missing or invalid; the message names every one. */
export class DeployConfigError extends Error {
  override readonly name = 'DeployConfigError';
  constructor(
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`invalid CDK context (cdk.json "context" or -c key=value):\n  ${problems.join('\n  ')}`, options);
  }
}

/** The keys this app reads, so callers can pick them out of the whole context. */
export const DEPLOY_CONTEXT_KEYS = Object.keys(DEPLOY_CONTEXT.shape) as (keyof DeployConfig)[];

/**
 * Validates the context values.
 *
 * @param read looks one key up (e.g. `(key) => app.node.tryGetContext(key)`).
 * @throws DeployConfigError naming each missing or bad key.
 */
export function readDeployConfig(read: (key: string) => unknown): DeployConfig {
  const raw = Object.fromEntries(DEPLOY_CONTEXT_KEYS.map((key) => [key, read(key)]));
  const parsed = DEPLOY_CONTEXT.safeParse(raw);
  if (parsed.success) {
    const problems = checkCombinations(parsed.data);
    if (problems.length === 0) return parsed.data;
    throw new DeployConfigError(problems);
  }
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '?');
    return raw[key] === undefined ? `${key}: missing` : `${key}: ${issue.message}`;
  });
  throw new DeployConfigError(problems, { cause: parsed.error });
}

/** Rules between values. */
function checkCombinations(config: DeployConfig): string[] {
  const problems: string[] = [];
  // A token bucket whose burst is below its rate is almost surely a typo (the two swapped).
  if (config.apiThrottlingBurstLimit < config.apiThrottlingRateLimit) {
    problems.push(
      `apiThrottlingBurstLimit: must be at least apiThrottlingRateLimit (${config.apiThrottlingRateLimit})`,
    );
  }
  // A message worked after its recipients' rows expired would find no claim and mail them again.
  if (config.recipientRetentionDays <= LONGEST_MESSAGE_LIFE_DAYS) {
    problems.push(
      `recipientRetentionDays: must be more than ${LONGEST_MESSAGE_LIFE_DAYS} (a work message can live that long: ` +
        'queue retention plus dead-letter retention), or a late message could mail a recipient again',
    );
  }
  if (config.publicRouteBurstLimit < config.publicRouteRateLimit) {
    problems.push(`publicRouteBurstLimit: must be at least publicRouteRateLimit (${config.publicRouteRateLimit})`);
  }
  if (config.createVpcEndpoints && config.routeTableIds === undefined) {
    problems.push('routeTableIds: missing (the DynamoDB gateway endpoint needs them when createVpcEndpoints is true)');
  }
  return problems;
}
