/**
 * The {@link RecipientLedger} port on DynamoDB: one row per (job, user) holding only the user id, the status and
 * what the send produced — never an address or a name. Every row carries `expiresAt` (now + retention), the
 * attribute the table's TTL is configured on in CDK, refreshed on each write so retention counts from the last one.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { FINAL_RECIPIENT_STATUSES, RECIPIENT_STATUSES, type RecipientStatus } from '#domain/cloud-job.js';
import { ValidationError } from '#domain/errors.js';
import type {
  ClaimResult,
  DeliveryMark,
  MarkDeliveryResult,
  RecipientLedger,
  RecipientOutcome,
} from '#domain/recipient-ledger.js';
import { callDynamo, updateIf } from './conditional-write.js';
import { toDocumentClient } from './dynamo-client.js';
import { listFannedOut, markUnsent, readStatuses, recordFannedOut, reopenUnsent } from './fanout-record.js';
import { cleanErrorText, type Item, readNumber, readOneOf } from './item-fields.js';
import { listRecipients } from './list-recipients.js';

/** Where the recipient rows live and how long they are kept. */
export interface DynamoRecipientLedgerOptions {
  /** Shared client from {@link createDynamoClient}. */
  client: DynamoDBClient;
  tableName: string;
  /** How long a row is kept after its last write before DynamoDB's TTL may delete it. */
  retentionSeconds: number;
}

// A row can change between the failed claim and the read that explains it (released, or expired by TTL); the claim
// is then tried again, a few times at most.
const MAX_CLAIM_ATTEMPTS = 3;

/** Creates a {@link RecipientLedger} on the job recipients table. */
export function makeDynamoRecipientLedger(options: DynamoRecipientLedgerOptions): RecipientLedger {
  const { retentionSeconds } = options;
  if (!Number.isSafeInteger(retentionSeconds) || retentionSeconds <= 0) {
    throw new ValidationError('retentionSeconds', retentionSeconds, 'must be a whole number of seconds > 0');
  }
  const doc = toDocumentClient(options.client);
  const table = options.tableName;

  const update = (
    key: { jobId: string; userId: number },
    expressions: { update: string; condition: string },
    values: Record<string, unknown>,
  ) => updateIf(doc, table, key, { ...expressions, values });

  async function read(key: { jobId: string; userId: number }): Promise<Item | undefined> {
    const output = await callDynamo('GetItem', table, () =>
      doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true })),
    );
    return output.Item;
  }

  const records = { doc, table, retentionSeconds };
  return {
    retentionSeconds,
    listRecipients: (jobId, filter, page) => listRecipients(doc, table, jobId, filter, page),
    recordFannedOut: (jobId, afterUserId, userIds, now) => recordFannedOut(records, jobId, afterUserId, userIds, now),
    listFannedOut: (jobId) => listFannedOut(records, jobId),
    readStatuses: (jobId) => readStatuses(records, jobId),
    markUnsent: (jobId, userId, reason, now) => markUnsent(records, jobId, userId, reason, now),
    reopenUnsent: (jobId, userId, now) => reopenUnsent(records, jobId, userId, now),

    async claim(jobId, userId, now, claimTimeoutSeconds): Promise<ClaimResult> {
      const key = { jobId, userId };
      for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt += 1) {
        const claimed = await update(
          key,
          {
            update: 'SET #status = :sending, #claimedAt = :now, #expiresAt = :expires ADD #attempts :one',
            // A released row is `queued` again and may be claimed; any other existing row may not.
            condition: 'attribute_not_exists(#userId) OR #status = :queued',
          },
          { ':sending': 'sending', ':queued': 'queued', ':now': now, ':expires': now + retentionSeconds, ':one': 1 },
        );
        if (claimed !== undefined) return { outcome: 'claimed', attempt: readNumber(table, claimed, 'attempts') };

        const row = await read(key);
        if (row === undefined) continue;
        const status: RecipientStatus = readOneOf(table, row, 'status', RECIPIENT_STATUSES);
        if (FINAL_RECIPIENT_STATUSES.includes(status)) return { outcome: 'settled', status };
        if (status === 'sending') {
          // Left as it is: the worker that sees the stale claim settles it as `unconfirmed` through `settle`,
          // whose condition makes sure only one worker does.
          return readNumber(table, row, 'claimedAt') > now - claimTimeoutSeconds
            ? { outcome: 'in_flight' }
            : { outcome: 'stale_claim', attempt: readNumber(table, row, 'attempts') };
        }
      }
      // The row kept changing under us: answer as for a fresh claim elsewhere, so the message comes back later.
      return { outcome: 'in_flight' };
    },

    async settle(jobId, userId, outcome: RecipientOutcome, now) {
      const sets = ['#status = :status', '#settledAt = :now', '#expiresAt = :expires'];
      const values: Record<string, unknown> = {
        ':sending': 'sending',
        ':status': outcome.status,
        ':now': now,
        ':expires': now + retentionSeconds,
      };
      for (const field of ['sesMessageId', 'certificateKey', 'verificationCode'] as const) {
        const value = outcome[field];
        if (value === undefined) continue;
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
      // lastError explains the final status, so an error from an earlier, released attempt does not outlive it.
      let remove = ' REMOVE #lastError';
      if (outcome.lastError !== undefined) {
        sets.push('#lastError = :lastError');
        values[':lastError'] = cleanErrorText(outcome.lastError);
        remove = '';
      }
      const settled = await update(
        { jobId, userId },
        { update: `SET ${sets.join(', ')}${remove}`, condition: '#status = :sending' },
        values,
      );
      return settled !== undefined;
    },

    async tally(jobId) {
      const counts = { sent: 0, failed: 0, skipped: 0, unconfirmed: 0, unsent: 0, certificates: 0 };
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await callDynamo('Query', table, () =>
          doc.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: '#jobId = :jobId',
              ProjectionExpression: '#status, #certificateKey',
              ExpressionAttributeNames: { '#jobId': 'jobId', '#status': 'status', '#certificateKey': 'certificateKey' },
              ExpressionAttributeValues: { ':jobId': jobId },
              ConsistentRead: true,
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          ),
        );
        for (const row of page.Items ?? []) {
          const status: unknown = row.status;
          if (typeof status === 'string' && status in counts && status !== 'certificates') {
            counts[status as keyof typeof counts] += 1;
          }
          if (typeof row.certificateKey === 'string') counts.certificates += 1;
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      return counts;
    },

    async release(jobId, userId, lastError, now) {
      // The port returns nothing: a row no longer `sending` was settled by someone else (a stale claim marked
      // unconfirmed), and putting it back to `queued` would allow a second send.
      await update(
        { jobId, userId },
        {
          update: 'SET #status = :queued, #lastError = :lastError, #releasedAt = :now, #expiresAt = :expires',
          condition: '#status = :sending',
        },
        {
          ':sending': 'sending',
          ':queued': 'queued',
          ':lastError': cleanErrorText(lastError),
          ':now': now,
          ':expires': now + retentionSeconds,
        },
      );
    },

    async markDelivery(jobId, userId, mark: DeliveryMark, now): Promise<MarkDeliveryResult> {
      // One timestamp attribute per kind (`bouncedAt`, `complainedAt`) makes the write once per (row, kind): a
      // redelivered SNS message fails the condition. `delivery` holds the latest kind for readers. The row must
      // exist (no stub rows for a job we never ran); its status is left alone, since the tally counts statuses.
      const kindAt = `${mark.kind}At`;
      const marked = await update(
        { jobId, userId },
        {
          update: `SET #delivery = :kind, #deliveryDetail = :detail, #deliveryAt = :at, #${kindAt} = :at, #expiresAt = :expires`,
          condition: `attribute_exists(#userId) AND attribute_not_exists(#${kindAt})`,
        },
        {
          ':kind': mark.kind,
          ':detail': cleanErrorText(mark.detail),
          ':at': mark.at,
          ':expires': now + retentionSeconds,
        },
      );
      if (marked !== undefined) return 'marked';
      return (await read({ jobId, userId })) === undefined ? 'no_row' : 'already_marked';
    },
  };
}
