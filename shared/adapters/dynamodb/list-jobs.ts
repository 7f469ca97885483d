/**
 * `JobStore.listJobs` on DynamoDB: the keys come from a `KEYS_ONLY` index, newest first (`bySchedule` when a
 * schedule is given, else `byCreatedAt`), and the page's jobs are read with BatchGetItem. The status filter needs
 * the item (the index holds keys only), so each Query asks for no more keys than the page still lacks: the cursor
 * (the last key looked at) never skips a job, and a long run of non-matching jobs costs several small reads,
 * bounded by {@link MAX_KEYS_PER_PAGE} per request.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CloudJob } from '#domain/cloud-job.js';
import type { JobFilter } from '#domain/job-store.js';
import { type Page, type PageRequest, requirePageLimit } from '#domain/listing.js';
import { callDynamo } from './conditional-write.js';
import { DynamoStoreError } from './dynamo-errors.js';
import type { Item } from './item-fields.js';
import { itemToJob } from './job-item.js';
import { decodeCursor, encodeCursor, type KeyValues } from './page-cursor.js';
import {
  JOB_LISTING_ATTRIBUTE,
  JOB_LISTING_VALUE,
  JOBS_BY_CREATED_AT_INDEX,
  JOBS_BY_SCHEDULE_INDEX,
} from './table-definitions.js';

/** Index keys looked at per request at most; past it the page is returned short, with a cursor. */
export const MAX_KEYS_PER_PAGE = 1000;
// BatchGetItem takes 100 keys; a retry of unprocessed keys gives up after this many rounds.
const MAX_BATCH_ROUNDS = 8;

export async function listJobs(
  doc: DynamoDBDocumentClient,
  table: string,
  filter: JobFilter,
  page: PageRequest,
): Promise<Page<CloudJob>> {
  requirePageLimit(page.limit);
  const query = indexQuery(filter);
  let startKey: Record<string, unknown> | undefined =
    page.cursor === undefined ? undefined : decodeCursor(page.cursor, query.keyShape, query.accepts);
  const items: CloudJob[] = [];
  let examined = 0;
  do {
    const wanted = Math.min(page.limit - items.length, MAX_KEYS_PER_PAGE - examined);
    const output = await callDynamo('Query', table, () =>
      doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: query.indexName,
          KeyConditionExpression: query.condition,
          ExpressionAttributeNames: query.names,
          ExpressionAttributeValues: query.values,
          ScanIndexForward: false,
          Limit: wanted,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    );
    const keys = (output.Items ?? []).map((item) => String(item.jobId));
    examined += keys.length;
    const jobs = await readJobs(doc, table, keys);
    for (const jobId of keys) {
      const job = jobs.get(jobId);
      // A job is never deleted; one missing here is not yet readable and shows up on a later request.
      if (job !== undefined && (filter.status === undefined || job.status === filter.status)) items.push(job);
    }
    startKey = output.LastEvaluatedKey;
  } while (startKey !== undefined && items.length < page.limit && examined < MAX_KEYS_PER_PAGE);
  const nextCursor = encodeCursor(startKey);
  return nextCursor === undefined ? { items } : { items, nextCursor };
}

interface IndexQuery {
  indexName: string;
  condition: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
  keyShape: Record<string, 'S' | 'N'>;
  accepts: (key: KeyValues) => boolean;
}

function indexQuery(filter: JobFilter): IndexQuery {
  const from = filter.createdFrom;
  const to = filter.createdTo;
  const range =
    from !== undefined && to !== undefined
      ? ' AND #createdAt BETWEEN :from AND :to'
      : from !== undefined
        ? ' AND #createdAt >= :from'
        : to !== undefined
          ? ' AND #createdAt <= :to'
          : '';
  const values: Record<string, unknown> = {
    ...(from === undefined ? {} : { ':from': from }),
    ...(to === undefined ? {} : { ':to': to }),
  };
  const inRange = (key: KeyValues) =>
    (from === undefined || Number(key.createdAt) >= from) && (to === undefined || Number(key.createdAt) <= to);
  if (filter.scheduleId !== undefined) {
    const scheduleId = filter.scheduleId;
    return {
      indexName: JOBS_BY_SCHEDULE_INDEX,
      condition: `#scheduleId = :partition${range}`,
      names: { '#scheduleId': 'scheduleId', ...(range ? { '#createdAt': 'createdAt' } : {}) },
      values: { ':partition': scheduleId, ...values },
      keyShape: { jobId: 'S', scheduleId: 'N', createdAt: 'N' },
      accepts: (key) => key.scheduleId === scheduleId && inRange(key),
    };
  }
  return {
    indexName: JOBS_BY_CREATED_AT_INDEX,
    condition: `#listing = :partition${range}`,
    names: { '#listing': JOB_LISTING_ATTRIBUTE, ...(range ? { '#createdAt': 'createdAt' } : {}) },
    values: { ':partition': JOB_LISTING_VALUE, ...values },
    keyShape: { jobId: 'S', [JOB_LISTING_ATTRIBUTE]: 'S', createdAt: 'N' },
    accepts: (key) => key[JOB_LISTING_ATTRIBUTE] === JOB_LISTING_VALUE && inRange(key),
  };
}

/** The jobs with these ids, by id (strongly consistent, like `getJob`). */
async function readJobs(doc: DynamoDBDocumentClient, table: string, jobIds: string[]): Promise<Map<string, CloudJob>> {
  const jobs = new Map<string, CloudJob>();
  for (let start = 0; start < jobIds.length; start += 100) {
    let keys: Record<string, unknown>[] | undefined = jobIds.slice(start, start + 100).map((jobId) => ({ jobId }));
    for (let round = 0; keys !== undefined && keys.length > 0; round += 1) {
      if (round === MAX_BATCH_ROUNDS) {
        throw new DynamoStoreError('BatchGetItem', table, { cause: new Error('keys left unprocessed') });
      }
      const request: Record<string, unknown>[] = keys;
      const output: BatchGetCommandOutput = await callDynamo('BatchGetItem', table, () =>
        doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: request, ConsistentRead: true } } })),
      );
      for (const item of (output.Responses?.[table] ?? []) as Item[]) {
        const job = itemToJob(table, item);
        jobs.set(job.jobId, job);
      }
      keys = output.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return jobs;
}
