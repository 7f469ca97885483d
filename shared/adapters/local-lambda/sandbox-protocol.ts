/** The messages between a {@link startLambdaSandbox} and its worker thread. Plain data: they are structured-cloned. */
import type { LambdaInvocation } from './lambda-context.js';
import type { InvocationError } from './local-function.js';

/** What the worker is started with. */
export interface SandboxWorkerData {
  /** `file:` URL of the module whose `handler` export is the function. */
  handlerModule: string;
}

/** Parent → worker. */
export interface InvokeRequest {
  type: 'invoke';
  invocation: LambdaInvocation;
  event: unknown;
}

/** Worker → parent. `payload` is the handler's result as JSON text (`null` for undefined). */
export type SandboxReply =
  | { type: 'ready' }
  | { type: 'init_error'; error: InvocationError }
  | { type: 'result'; awsRequestId: string; payload: string }
  | { type: 'error'; awsRequestId: string; error: InvocationError };
