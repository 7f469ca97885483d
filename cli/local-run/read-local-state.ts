/** Reads what the run needs from the local servers: jobs, counts on queues, and mail already in SES local. */
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import type { CloudJob } from '#domain/cloud-job.js';
import { LocalRunError } from './local-run-error.js';
import type { LocalStack } from './start-local-stack.js';

/** The jobs with these ids, in that order (a missing one is left out). */
export async function readJobs(stack: LocalStack, jobIds: readonly string[]): Promise<CloudJob[]> {
  const store = makeDynamoJobStore({ client: stack.clients.dynamo, tableName: stack.tables.jobs });
  const jobs = await Promise.all(jobIds.map((jobId) => store.getJob(jobId)));
  return jobs.filter((job): job is CloudJob => job !== undefined);
}

/** Every job in the local state. */
export async function countJobs(stack: LocalStack): Promise<number> {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await stack.clients.dynamo.send(
      new ScanCommand({ TableName: stack.tables.jobs, Select: 'COUNT', ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return count;
}

/** Visible messages on a queue (a DLQ's messages are all visible). */
export async function visibleMessages(stack: LocalStack, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await stack.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0);
}

/**
 * The ids of the emails SES local holds. Its store is one per process, not per server, so a run notes what is
 * there before it starts and leaves that out of its own files.
 */
export async function storedEmailIds(sesEndpoint: string): Promise<string[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  if (!response.ok) throw new LocalRunError(`SES local answered ${response.status} for its store`);
  const store = (await response.json()) as { emails?: { messageId: string }[] };
  return (store.emails ?? []).map((email) => email.messageId);
}
