/**
 * Runs a handler over an SQS batch record by record with partial batch responses: a record that throws goes back
 * to the queue on its own, its neighbours are deleted.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export function makeSqsRecordBatchHandler(handleRecord: (record: SQSRecord) => Promise<void>) {
  const processor = new BatchProcessor(EventType.SQS);
  return async function handleBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
    return processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
  };
}
