/**
 * The inside of a {@link startLambdaSandbox}: a worker thread that imports the handler module once (the cold start,
 * with the function's own environment) and then runs one invocation per request, like Lambda's Node.js runtime.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { makeLambdaContext } from './lambda-context.js';
import { type LambdaHandler, toInvocationError } from './local-function.js';
import type { InvokeRequest, SandboxReply, SandboxWorkerData } from './sandbox-protocol.js';

const port = parentPort;
if (port === null) throw new Error('lambda-sandbox-worker runs only as a worker thread');
const reply = (message: SandboxReply) => port.postMessage(message);

let handler: LambdaHandler<unknown, unknown> | undefined;
try {
  const module = (await import((workerData as SandboxWorkerData).handlerModule)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new TypeError('the module exports no function named "handler"');
  handler = module.handler as LambdaHandler<unknown, unknown>;
  reply({ type: 'ready' });
} catch (error) {
  reply({ type: 'init_error', error: toInvocationError(error) });
}

port.on('message', async (request: InvokeRequest) => {
  const { awsRequestId } = request.invocation;
  try {
    if (handler === undefined) throw new Error('the function did not initialise');
    const result = await handler(request.event, makeLambdaContext(request.invocation));
    reply({ type: 'result', awsRequestId, payload: JSON.stringify(result ?? null) });
  } catch (error) {
    reply({ type: 'error', awsRequestId, error: toInvocationError(error) });
  }
});
