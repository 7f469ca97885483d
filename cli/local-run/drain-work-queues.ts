/**
 * Runs the workers' event sources side by side, like two Lambda functions on their queues, until the work is done:
 * both queues empty with nothing in flight (a failed message stays in flight until its visibility timeout ends,
 * then comes back), the time limit passes, or `stop` is aborted (Ctrl-C). A stop takes no new message; the
 * invocations already running finish, so the recipients in flight settle.
 */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PollReport, SqsEventSource } from '#adapters/local-lambda/sqs-event-source.js';

export interface DrainSource<K extends string> {
  kind: K;
  queueUrl: string;
  source: SqsEventSource;
}

export interface DrainOptions<K extends string> {
  sqs: SQSClient;
  sources: readonly DrainSource<K>[];
  /** 0: no limit. */
  timeLimitMs: number;
  stop?: AbortSignal;
  onPoll: (kind: K, report: PollReport) => void;
  clock?: () => number;
}

/** How a drain ended: the queues empty, the time limit, or a stop. */
export type DrainEnd = 'drained' | 'time_limit' | 'stopped';

export async function drainWorkQueues<K extends string>(options: DrainOptions<K>): Promise<DrainEnd> {
  const { sqs, sources, onPoll, clock = Date.now } = options;
  const deadline = options.timeLimitMs > 0 ? clock() + options.timeLimitMs : Number.POSITIVE_INFINITY;
  let finished = false;
  let end: DrainEnd = 'drained';

  const allQueuesIdle = async () => {
    const counts = await Promise.all(sources.map(({ queueUrl }) => messagesIn(sqs, queueUrl)));
    return counts.every((count) => count === 0);
  };

  await Promise.all(
    sources.map(async ({ kind, source }) => {
      try {
        while (!finished) {
          if (options.stop?.aborted) {
            end = 'stopped';
            finished = true;
            return;
          }
          if (clock() > deadline) {
            end = 'time_limit';
            finished = true;
            return;
          }
          const report = await source.poll();
          onPoll(kind, report);
          // An empty receive on this queue may mean the end; only the other queue (which may still feed this one)
          // and the messages in flight on both can say.
          if (report.received === 0 && (await allQueuesIdle())) finished = true;
        }
      } catch (error) {
        finished = true; // the other event source stops too, rather than polling servers about to stop
        throw error;
      }
    }),
  );
  return end;
}

/** Visible, in flight and delayed messages on a queue. */
async function messagesIn(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}
