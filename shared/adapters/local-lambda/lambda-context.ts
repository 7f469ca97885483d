/**
 * The Lambda `Context` a local invocation gets. An invocation is described by plain data ({@link LambdaInvocation}),
 * so it can cross into a sandbox's worker thread and be turned into a `Context` there, with a clock of its own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** The account id local ARNs carry; no AWS account has it. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** What one invocation is, as plain data. */
export interface LambdaInvocation {
  functionName: string;
  awsRequestId: string;
  region: string;
  accountId: string;
  memoryLimitInMB: number;
  /** Epoch milliseconds at which the function's timeout ends the invocation. */
  deadlineMs: number;
  logStreamName: string;
}

/** How a local function is set up, as Lambda would know it from its configuration. */
export interface LocalFunctionConfig {
  functionName: string;
  /** The function's timeout. */
  timeoutMs: number;
  region: string;
  /** @default LOCAL_ACCOUNT_ID */
  accountId?: string;
  /** @default 1024 */
  memoryLimitInMB?: number;
}

/** A new invocation starting at `now` (epoch ms): a fresh request id, the deadline `timeoutMs` ahead. */
export function newInvocation(config: LocalFunctionConfig, now: number = Date.now()): LambdaInvocation {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    functionName: config.functionName,
    awsRequestId: randomUUID(),
    region: config.region,
    accountId: config.accountId ?? LOCAL_ACCOUNT_ID,
    memoryLimitInMB: config.memoryLimitInMB ?? 1024,
    deadlineMs: now + config.timeoutMs,
    // Lambda's own form: `2026/01/19/[$LATEST]<32 hex>`.
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
  };
}

/** The `Context` for `invocation`; `getRemainingTimeInMillis` counts down to its deadline on `clock`. */
export function makeLambdaContext(invocation: LambdaInvocation, clock: () => number = Date.now): Context {
  const { functionName, region, accountId } = invocation;
  const unsupported = (name: string) => () => {
    throw new Error(`context.${name}() is the callback-era API; return a promise from the handler instead`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: String(invocation.memoryLimitInMB),
    awsRequestId: invocation.awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: invocation.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, invocation.deadlineMs - clock()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
