/**
 * A Lambda execution environment on this machine: a worker thread that loads the real handler module with the
 * function's own environment (its cold start), takes one invocation at a time, and is thrown away when an invocation
 * runs past the timeout, exactly when Lambda would stop it. Every function gets its own module graph, so clients and
 * connections built at import belong to it, and stopping the sandbox releases them (an open PGlite directory too).
 */
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '#domain/errors.js';
import { type LocalFunctionConfig, newInvocation } from './lambda-context.js';
import {
  type InvocationError,
  type InvocationOutcome,
  type LocalFunction,
  LocalLambdaError,
} from './local-function.js';
import type { InvokeRequest, SandboxReply, SandboxWorkerData } from './sandbox-protocol.js';

/** How to run one function. */
export interface LambdaSandboxOptions extends LocalFunctionConfig {
  /** `file:` URL of the handler module (TypeScript is fine); its `handler` export is the function. */
  handlerModule: URL;
  /** The function's whole environment: its `process.env` inside the sandbox. */
  environment: Readonly<Record<string, string>>;
  /** Receives what the function writes to stdout and stderr: its log stream. Left open when the sandbox stops. */
  log: Writable;
}

/** A running sandbox. */
export interface LambdaSandbox<E, R> extends LocalFunction<E, R> {
  /** Ends the worker thread, and with it everything the function holds open. */
  stop(): Promise<void>;
}

/** The function's module failed to load: a configuration error, a missing variable, an unreachable database. */
export class LambdaInitError extends AppError {
  constructor(
    readonly functionName: string,
    readonly error: InvocationError,
  ) {
    super(`${functionName} failed to start: ${error.errorType}: ${error.errorMessage}`);
  }
}

const WORKER_URL = new URL('./lambda-sandbox-worker.ts', import.meta.url);
// The worker loads TypeScript as the CLI does: through tsx, resolved from here so that any working directory works.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Environment {
  worker: Worker;
  pending: { awsRequestId: string; settle: (reply: SandboxReply | { type: 'exit'; code: number }) => void } | undefined;
}

/**
 * Starts the sandbox and waits for its cold start, so that a function that cannot start says so at once.
 * @throws LambdaInitError when the module fails to load.
 */
export async function startLambdaSandbox<E, R>(options: LambdaSandboxOptions): Promise<LambdaSandbox<E, R>> {
  const config: LocalFunctionConfig = {
    functionName: options.functionName,
    timeoutMs: options.timeoutMs,
    region: options.region,
    ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
    ...(options.memoryLimitInMB === undefined ? {} : { memoryLimitInMB: options.memoryLimitInMB }),
  };
  let current: Environment | undefined = await coldStart(options);
  let busy = false;

  async function invoke(event: E): Promise<InvocationOutcome<R>> {
    if (busy) throw new LocalLambdaError(`${config.functionName}: one invocation at a time per environment`);
    busy = true;
    const started = Date.now();
    const invocation = newInvocation(config, started);
    const base = () => ({ awsRequestId: invocation.awsRequestId, durationMs: Date.now() - started });
    try {
      // A sandbox thrown away by a timeout or a crash is replaced on the next invocation, as Lambda does.
      current ??= await coldStart(options);
      const environment = current;
      // The timeout counts from when the handler is called; a cold start has its own time, as in Lambda.
      const timed = { ...invocation, deadlineMs: Date.now() + config.timeoutMs };
      const reply = await runOne(environment, { type: 'invoke', invocation: timed, event }, config.timeoutMs);
      if (reply === 'timeout' || reply.type === 'exit') {
        current = undefined;
        await environment.worker.terminate();
        if (reply === 'timeout') return { ...base(), status: 'timed_out' };
        const error = { errorType: 'Runtime.ExitError', errorMessage: `exited with code ${reply.code}` };
        return { ...base(), status: 'failed', error };
      }
      if (reply.type === 'result') return { ...base(), status: 'succeeded', result: JSON.parse(reply.payload) as R };
      if (reply.type === 'error') return { ...base(), status: 'failed', error: reply.error };
      throw new LocalLambdaError(`${config.functionName}: unexpected reply ${reply.type}`);
    } catch (error) {
      if (error instanceof LambdaInitError) return { ...base(), status: 'failed', error: error.error };
      throw error;
    } finally {
      busy = false;
    }
  }

  return {
    config,
    invoke,
    async stop() {
      const environment = current;
      current = undefined;
      if (environment) await environment.worker.terminate();
    },
  };
}

async function coldStart(options: LambdaSandboxOptions): Promise<Environment> {
  const workerData: SandboxWorkerData = { handlerModule: options.handlerModule.href };
  const worker = new Worker(WORKER_URL, {
    execArgv: ['--import', TSX_LOADER],
    env: { ...options.environment },
    workerData,
    stdout: true,
    stderr: true,
  });
  worker.stdout.pipe(options.log, { end: false });
  worker.stderr.pipe(options.log, { end: false });
  const environment: Environment = { worker, pending: undefined };
  worker.on('message', (reply: SandboxReply) => {
    if (reply.type === 'ready' || reply.type === 'init_error') return;
    if (environment.pending?.awsRequestId === reply.awsRequestId) environment.pending.settle(reply);
  });
  worker.on('exit', (code) => environment.pending?.settle({ type: 'exit', code }));
  // An uncaught error ends the thread; 'exit' follows and settles any invocation in progress.
  worker.on('error', (error) => options.log.write(`${options.functionName}: ${error.stack ?? String(error)}\n`));

  const first = await new Promise<SandboxReply | { type: 'exit'; code: number }>((resolve) => {
    worker.once('message', resolve);
    worker.once('exit', (code) => resolve({ type: 'exit', code }));
  });
  if (first.type === 'ready') return environment;
  await worker.terminate();
  const error =
    first.type === 'init_error'
      ? first.error
      : { errorType: 'Runtime.ExitError', errorMessage: `exited during init (${JSON.stringify(first)})` };
  throw new LambdaInitError(options.functionName, error);
}

function runOne(
  environment: Environment,
  request: InvokeRequest,
  timeoutMs: number,
): Promise<SandboxReply | { type: 'exit'; code: number } | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      environment.pending = undefined;
      resolve('timeout');
    }, timeoutMs);
    environment.pending = {
      awsRequestId: request.invocation.awsRequestId,
      settle: (reply) => {
        clearTimeout(timer);
        environment.pending = undefined;
        resolve(reply);
      },
    };
    environment.worker.postMessage(request);
  });
}
