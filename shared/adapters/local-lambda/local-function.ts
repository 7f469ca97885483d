/**
 * A function the local run can invoke the way Lambda does: one invocation at a time, a `Context` with a deadline,
 * and an outcome that says whether it returned, threw, or ran past its timeout. Results travel as JSON, as Lambda's
 * response payload does, so a handler cannot hand back anything a real invocation could not.
 */
import type { Context } from 'aws-lambda';
import { AppError } from '#domain/errors.js';
import { type LocalFunctionConfig, makeLambdaContext, newInvocation } from './lambda-context.js';

/** An error as Lambda reports it in an invocation's response: its type and message. */
export interface InvocationError {
  errorType: string;
  errorMessage: string;
}

/** How one invocation ended. */
export type InvocationOutcome<R> = { awsRequestId: string; durationMs: number } & (
  | { status: 'succeeded'; result: R }
  | { status: 'failed'; error: InvocationError }
  /** Lambda would have stopped it at its timeout; whatever it returned is discarded. */
  | { status: 'timed_out' }
);

/** A function that can be invoked locally. */
export interface LocalFunction<E, R> {
  readonly config: LocalFunctionConfig;
  invoke(event: E): Promise<InvocationOutcome<R>>;
}

/** A handler as Lambda's Node.js runtime calls it. */
export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

/** A programming error in the use of a local function (two invocations at once on one environment, say). */
export class LocalLambdaError extends AppError {}

/**
 * A handler run in this process, for tests and tools that need no isolation. It cannot be stopped at its deadline,
 * so an invocation that ends late is reported `timed_out` and its result dropped, as Lambda would have done.
 */
export function inProcessFunction<E, R>(
  config: LocalFunctionConfig,
  handler: LambdaHandler<E, R>,
  clock: () => number = Date.now,
): LocalFunction<E, R> {
  let busy = false;
  return {
    config,
    async invoke(event) {
      if (busy) throw new LocalLambdaError(`${config.functionName}: one invocation at a time per environment`);
      busy = true;
      const started = clock();
      const invocation = newInvocation(config, started);
      const base = () => ({ awsRequestId: invocation.awsRequestId, durationMs: clock() - started });
      try {
        const payload = toJsonPayload(await handler(event, makeLambdaContext(invocation, clock)));
        if (clock() > invocation.deadlineMs) return { ...base(), status: 'timed_out' };
        return { ...base(), status: 'succeeded', result: payload as R };
      } catch (error) {
        if (clock() > invocation.deadlineMs) return { ...base(), status: 'timed_out' };
        return { ...base(), status: 'failed', error: toInvocationError(error) };
      } finally {
        busy = false;
      }
    },
  };
}

/** The value as Lambda returns it to the caller: through JSON (`undefined` becomes `null`). */
export function toJsonPayload(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/** `errorType` and `errorMessage`, as Lambda puts a thrown error in the response. */
export function toInvocationError(error: unknown): InvocationError {
  if (error instanceof Error) return { errorType: error.name, errorMessage: error.message };
  return { errorType: 'Error', errorMessage: String(error) };
}
