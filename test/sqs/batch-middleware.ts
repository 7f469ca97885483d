/**
 * Middleware on a real SQS client: one records what the adapter sends, one injects per-entry batch failures.
 */
import type {
  SendMessageBatchCommandInput,
  SendMessageBatchCommandOutput,
  SendMessageBatchRequestEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';

/** Records the input of every `SendMessageBatch` call the client makes, before any other middleware changes it. */
export function recordBatchCalls(client: SQSClient): SendMessageBatchCommandInput[] {
  const calls: SendMessageBatchCommandInput[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SendMessageBatchCommand') {
        calls.push(structuredClone(args.input as SendMessageBatchCommandInput));
      }
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'recordBatchCalls' },
  );
  return calls;
}

/**
 * FAULT INJECTION (a stubbed send, on purpose): real SQS can fail single entries of a batch on its side
 * (`SenderFault: false`, e.g. an internal error) while the others succeed; no local server ever does. For the entries
 * that `shouldFail` picks, this withholds them from the real server and reports them as `Failed`, for the first
 * `times` calls that carry them; every other entry still goes to the real local server.
 */
export function injectEntryFailures(
  client: SQSClient,
  shouldFail: (entry: SendMessageBatchRequestEntry) => boolean,
  times: number,
): void {
  let injected = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SendMessageBatchCommand' || injected >= times) return next(args);
      const input = args.input as SendMessageBatchCommandInput;
      const entries = input.Entries ?? [];
      const failing = entries.filter(shouldFail);
      if (failing.length === 0) return next(args);
      injected++;
      const kept = entries.filter((entry) => !shouldFail(entry));
      const failed = failing.map((entry) => ({ Id: entry.Id, SenderFault: false, Code: 'InternalError' }));
      if (kept.length === 0) {
        const output: SendMessageBatchCommandOutput = { $metadata: {}, Successful: [], Failed: failed };
        return { output, response: {} } as Awaited<ReturnType<typeof next>>;
      }
      const result = await next({ ...args, input: { ...input, Entries: kept } });
      const output = result.output as SendMessageBatchCommandOutput;
      return { ...result, output: { ...output, Failed: [...(output.Failed ?? []), ...failed] } };
    },
    { step: 'initialize', priority: 'low', name: 'injectEntryFailures' },
  );
}
