/**
 * The {@link PlannerTrigger} port on AWS Lambda: an asynchronous invoke (`InvocationType: 'Event'`) of the planner
 * function, which returns as soon as Lambda has queued the event, so the webhook answers Moodle without waiting for
 * the run.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { PlannerTrigger } from '#domain/planner-trigger.js';

/** Hands a payload to a function for an asynchronous invocation. */
export type InvokeAsync = (functionName: string, payload: string) => Promise<void>;

export interface LambdaPlannerTriggerOptions {
  functionName: string;
  /** @default an `InvokeCommand` on a client for the function's region */
  invokeAsync?: InvokeAsync;
  region?: string;
}

export function makeLambdaPlannerTrigger(options: LambdaPlannerTriggerOptions): PlannerTrigger {
  const invokeAsync = options.invokeAsync ?? lambdaInvokeAsync(options.region);
  return {
    trigger: (payload) => invokeAsync(options.functionName, JSON.stringify(payload)),
  };
}

function lambdaInvokeAsync(region: string | undefined): InvokeAsync {
  const client = new LambdaClient(region === undefined ? {} : { region });
  return async (functionName, payload) => {
    await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(payload),
      }),
    );
  };
}
