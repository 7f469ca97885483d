/**
 * Runs a work-message use case over an SQS batch with partial batch responses: each record succeeds or fails on
 * its own, so one poison or unfinished message never sends its neighbours back to the queue.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { AppError } from '#domain/errors.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import type { WorkMessage } from '#domain/work-message.js';
import { logger } from '../observability/powertools.js';

/** Some recipients of the message are not settled yet (throttled, in flight): SQS delivers it again later. */
export class RetryLaterError extends AppError {
  constructor(readonly jobId: string) {
    super(`job ${jobId}: some recipients are not settled yet; the message goes back to the queue`);
  }
}

/** An error that means nothing in the batch can succeed now: the remaining records fail fast and stay queued. */
export type StopsBatch = (error: unknown) => boolean;

export function makeWorkMessageBatchHandler(
  process: (message: WorkMessage) => Promise<'done' | 'retry'>,
  stopsBatch: StopsBatch = () => false,
) {
  const processor = new BatchProcessor(EventType.SQS);
  return async function handleBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
    let stopped: unknown;
    const handleRecord = async (record: SQSRecord) => {
      if (stopped !== undefined) throw stopped;
      const message = parseWorkMessage(record.body);
      try {
        if ((await process(message)) === 'retry') throw new RetryLaterError(message.jobId);
      } catch (error) {
        if (stopsBatch(error)) stopped = error;
        logger.warn('work message not finished', {
          messageId: record.messageId,
          jobId: message.jobId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          problem: error instanceof Error ? error.message : String(error),
        });
        throw error;
      }
    };
    return processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
  };
}
