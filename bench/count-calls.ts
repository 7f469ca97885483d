/**
 * Counts the API calls an SDK client makes, by command name, with a middleware that only observes: the calls still
 * go to the real (local) server.
 */
interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

export type CallCounts = Record<string, number>;

export function countCalls(client: unknown, name: string): CallCounts {
  const counts: CallCounts = {};
  (client as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      counts[command] = (counts[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: `countCalls-${name}` },
  );
  return counts;
}

export function totalCalls(counts: CallCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
