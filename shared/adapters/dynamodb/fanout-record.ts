/**
 * What the fan-out reached and what became of it, on the job recipients table: one item per fan-out page under the
 * job's own partition key plus `#fanout` (so a job's recipient rows, tally and listing never see them), holding the
 * page's user ids as a number set. `ADD` to a set is idempotent, so a page replayed after a crash writes nothing
 * twice. At 200,000 recipients and pages of 1,000 that is 200 small writes (a few KB each), against 200,000 for a
 * `queued` row per recipient — which, as an unconditional BatchWriteItem, could also overwrite a row a worker had
 * already settled when a page is replayed.
 */
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RECIPIENT_STATUSES, type RecipientStatus } from '#domain/cloud-job.js';
import { callDynamo, namesIn, updateIf } from './conditional-write.js';
import { cleanErrorText, readNumber, readOneOf } from './item-fields.js';

/** The partition key of a job's fan-out record. */
export function fanoutPartition(jobId: string): string {
  return `${jobId}#fanout`;
}

export interface FanoutRecordContext {
  doc: DynamoDBDocumentClient;
  table: string;
  retentionSeconds: number;
}

export async function recordFannedOut(
  { doc, table, retentionSeconds }: FanoutRecordContext,
  jobId: string,
  afterUserId: number,
  userIds: readonly number[],
  now: number,
): Promise<void> {
  if (userIds.length === 0) return;
  const update = 'ADD #userIds :ids SET #expiresAt = :expires';
  await callDynamo('UpdateItem', table, () =>
    doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { jobId: fanoutPartition(jobId), userId: afterUserId },
        UpdateExpression: update,
        ExpressionAttributeNames: namesIn(update),
        ExpressionAttributeValues: { ':ids': new Set(userIds), ':expires': now + retentionSeconds },
      }),
    ),
  );
}

export async function listFannedOut({ doc, table }: FanoutRecordContext, jobId: string): Promise<number[]> {
  const ids = new Set<number>();
  await queryAll(doc, table, fanoutPartition(jobId), '#userIds', (item) => {
    const set = item.userIds;
    if (set instanceof Set) for (const id of set) ids.add(Number(id));
  });
  return [...ids].sort((a, b) => a - b);
}

export async function readStatuses(
  { doc, table }: FanoutRecordContext,
  jobId: string,
): Promise<Map<number, RecipientStatus>> {
  const statuses = new Map<number, RecipientStatus>();
  await queryAll(doc, table, jobId, '#userId, #status', (item) => {
    statuses.set(readNumber(table, item, 'userId'), readOneOf(table, item, 'status', RECIPIENT_STATUSES));
  });
  return statuses;
}

export async function markUnsent(
  { doc, table, retentionSeconds }: FanoutRecordContext,
  jobId: string,
  userId: number,
  reason: string,
  now: number,
): Promise<boolean> {
  const written = await updateIf(
    doc,
    table,
    { jobId, userId },
    {
      update: 'SET #status = :unsent, #lastError = :reason, #settledAt = :now, #expiresAt = :expires',
      // Never claimed, or claimed and released (throttled) with no message left to retry it.
      condition: 'attribute_not_exists(#userId) OR #status = :queued',
      values: {
        ':unsent': 'unsent',
        ':queued': 'queued',
        ':reason': cleanErrorText(reason),
        ':now': now,
        ':expires': now + retentionSeconds,
      },
    },
  );
  return written !== undefined;
}

export async function reopenUnsent(
  { doc, table, retentionSeconds }: FanoutRecordContext,
  jobId: string,
  userId: number,
  now: number,
): Promise<boolean> {
  const written = await updateIf(
    doc,
    table,
    { jobId, userId },
    {
      update: 'SET #status = :queued, #releasedAt = :now, #expiresAt = :expires REMOVE #settledAt',
      condition: '#status = :unsent',
      values: { ':unsent': 'unsent', ':queued': 'queued', ':now': now, ':expires': now + retentionSeconds },
    },
  );
  return written !== undefined;
}

async function queryAll(
  doc: DynamoDBDocumentClient,
  table: string,
  partition: string,
  projection: string,
  each: (item: Record<string, unknown>) => void,
): Promise<void> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await callDynamo('Query', table, () =>
      doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#jobId = :jobId',
          ProjectionExpression: projection,
          ExpressionAttributeNames: namesIn('#jobId', projection),
          ExpressionAttributeValues: { ':jobId': partition },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    );
    for (const item of page.Items ?? []) each(item);
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}
