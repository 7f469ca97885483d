/**
 * The pipeline's three functions, each in its own sandbox (a worker thread with its own environment and module
 * graph) running the real handler module, and each writing its log to `logs/<function>.log` of the run.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { ScheduledEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { LOCAL_REGION } from '#adapters/local-aws/start-local-aws.js';
import { type LambdaSandbox, startLambdaSandbox } from '#adapters/local-lambda/lambda-sandbox.js';
import { type FunctionName, type FunctionSettings, functionEnvironment } from './function-environment.js';
import type { LocalStack } from './start-local-stack.js';

/** Timeouts as the functions would have them deployed, scaled to a local run (see `WORKER_TIMEOUT_SECONDS`). */
export interface FunctionTimeouts {
  plannerSeconds: number;
  workerSeconds: number;
}

/** A worker: an SQS event source's function. */
export type WorkerSandbox = LambdaSandbox<SQSEvent, SQSBatchResponse | null | undefined>;

export interface PipelineFunctions {
  /** Returns the planner's report as JSON; the run reads it with `readPlannerReport`. */
  planner: LambdaSandbox<ScheduledEvent, unknown>;
  emailWorker: WorkerSandbox;
  certificateWorker: WorkerSandbox;
  /** Where each function's log is. */
  logFiles: Record<FunctionName, string>;
  /** Stops the sandboxes (releasing what they hold open) and closes the logs. */
  stop(): Promise<void>;
}

const HANDLERS: Record<FunctionName, URL> = {
  planner: new URL('../../lambdas/planner/handler.ts', import.meta.url),
  'email-worker': new URL('../../lambdas/email-worker/handler.ts', import.meta.url),
  'certificate-worker': new URL('../../lambdas/certificate-worker/handler.ts', import.meta.url),
};

/**
 * Starts the three sandboxes at once (each cold start loads the SDK; the planner's also opens Moodle).
 * @throws LambdaInitError naming the function that could not start.
 */
export async function startPipelineFunctions(
  stack: LocalStack,
  settings: FunctionSettings,
  timeouts: FunctionTimeouts,
  logsDir: string,
): Promise<PipelineFunctions> {
  await mkdir(logsDir, { recursive: true });
  const names: FunctionName[] = ['planner', 'email-worker', 'certificate-worker'];
  const logFiles = Object.fromEntries(names.map((name) => [name, join(logsDir, `${name}.log`)])) as Record<
    FunctionName,
    string
  >;
  const logs: WriteStream[] = names.map((name) => createWriteStream(logFiles[name]));
  const closeLogs = async () => {
    for (const log of logs) log.end();
    await Promise.all(logs.map((log) => finished(log).catch(() => undefined)));
  };
  const start = <E, R>(name: FunctionName, index: number) =>
    startLambdaSandbox<E, R>({
      functionName: `manireports-${name}`,
      timeoutMs: (name === 'planner' ? timeouts.plannerSeconds : timeouts.workerSeconds) * 1000,
      region: LOCAL_REGION,
      handlerModule: HANDLERS[name],
      environment: functionEnvironment(name, stack, settings),
      log: logs[index] as WriteStream,
    });
  const started = await Promise.allSettled([
    start<ScheduledEvent, unknown>('planner', 0),
    start<SQSEvent, SQSBatchResponse | null | undefined>('email-worker', 1),
    start<SQSEvent, SQSBatchResponse | null | undefined>('certificate-worker', 2),
  ] as const);
  const stopAll = async () => {
    await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)));
    await closeLogs();
  };
  const [planner, emailWorker, certificateWorker] = started;
  if (planner.status === 'rejected' || emailWorker.status === 'rejected' || certificateWorker.status === 'rejected') {
    await stopAll();
    throw started.find((result) => result.status === 'rejected')?.reason;
  }
  return {
    planner: planner.value,
    emailWorker: emailWorker.value,
    certificateWorker: certificateWorker.value,
    logFiles,
    stop: stopAll,
  };
}
