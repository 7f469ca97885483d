/**
 * `RecipientLedger.listRecipients` on DynamoDB: one Query on the job's partition in user id order. A status filter
 * is a FilterExpression, and each Query evaluates no more rows than the page still lacks, so the cursor (the last
 * row evaluated) never skips one; a long run of rows filtered out is bounded by {@link MAX_ROWS_PER_PAGE}.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { RECIPIENT_STATUSES } from '#domain/cloud-job.js';
import { isoFromEpochSeconds } from '#domain/job-view.js';
import { type Page, type PageRequest, requirePageLimit } from '#domain/listing.js';
import { DELIVERY_EVENTS, type RecipientFilter, type RecipientView } from '#domain/recipient-view.js';
import { callDynamo } from './conditional-write.js';
import { type Item, optional, readNumber, readOneOf, readOptionalNumber, readOptionalString } from './item-fields.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';

/** Rows evaluated per request at most; past it the page is returned short, with a cursor. */
export const MAX_ROWS_PER_PAGE = 1000;

// Only what the view shows is read: the row's other attributes (SES message id, certificate key) stay inside.
const PROJECTED = ['userId', 'status', 'attempts', 'lastError', 'claimedAt', 'settledAt', 'releasedAt', 'delivery'];

export async function listRecipients(
  doc: DynamoDBDocumentClient,
  table: string,
  jobId: string,
  filter: RecipientFilter,
  page: PageRequest,
): Promise<Page<RecipientView>> {
  requirePageLimit(page.limit);
  let startKey: Record<string, unknown> | undefined =
    page.cursor === undefined
      ? undefined
      : decodeCursor(page.cursor, { jobId: 'S', userId: 'N' }, (key) => key.jobId === jobId);
  const names = Object.fromEntries([...PROJECTED, 'jobId'].map((name) => [`#${name}`, name]));
  const items: RecipientView[] = [];
  let evaluated = 0;
  do {
    const wanted = Math.min(page.limit - items.length, MAX_ROWS_PER_PAGE - evaluated);
    const output = await callDynamo('Query', table, () =>
      doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#jobId = :jobId',
          ProjectionExpression: PROJECTED.map((name) => `#${name}`).join(', '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ':jobId': jobId,
            ...(filter.status === undefined ? {} : { ':status': filter.status }),
          },
          ...(filter.status === undefined ? {} : { FilterExpression: '#status = :status' }),
          Limit: wanted,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    );
    evaluated += output.ScannedCount ?? wanted;
    for (const row of output.Items ?? []) items.push(toRecipientView(table, row));
    startKey = output.LastEvaluatedKey;
  } while (startKey !== undefined && items.length < page.limit && evaluated < MAX_ROWS_PER_PAGE);
  const nextCursor = encodeCursor(startKey);
  return nextCursor === undefined ? { items } : { items, nextCursor };
}

function toRecipientView(table: string, row: Item): RecipientView {
  const times = ['claimedAt', 'settledAt', 'releasedAt']
    .map((field) => readOptionalNumber(table, row, field))
    .filter((time): time is number => time !== undefined);
  const delivery = row.delivery === undefined ? undefined : readOneOf(table, row, 'delivery', DELIVERY_EVENTS);
  return {
    userId: readNumber(table, row, 'userId'),
    status: readOneOf(table, row, 'status', RECIPIENT_STATUSES),
    attempts: readOptionalNumber(table, row, 'attempts') ?? 0,
    ...optional('reason', readOptionalString(table, row, 'lastError')),
    ...optional('updatedAt', times.length === 0 ? undefined : isoFromEpochSeconds(Math.max(...times))),
    ...optional('delivery', delivery),
  };
}
