import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDocumentClient } from '#adapters/dynamodb/dynamo-client.js';
import { makeDynamoRecipientLedger } from '#adapters/dynamodb/dynamo-recipient-ledger.js';
import { InvalidListingParameterError } from '#domain/listing.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { SLOT } from './fixtures.js';

const NOW = SLOT + 60;
const JOB = 'schedule-7-slot-1772442000';
const OTHER_JOB = 'schedule-8-slot-1772442000';

let local: LocalDynamoDb;
let ledger: RecipientLedger;

/** Users 501–510: odd ones sent, 502/506/510 failed, 504/508 still sending (claimed, not settled). */
beforeAll(async () => {
  local = await startLocalDynamoDb();
  ledger = makeDynamoRecipientLedger({
    client: local.client,
    tableName: local.tables.recipients,
    retentionSeconds: 86_400,
  });
  for (let userId = 501; userId <= 510; userId += 1) {
    await ledger.claim(JOB, userId, NOW, 120);
    if (userId % 2 === 1) await ledger.settle(JOB, userId, { status: 'sent', sesMessageId: `ses-${userId}` }, NOW + 2);
    else if (userId % 4 !== 0) {
      await ledger.settle(
        JOB,
        userId,
        { status: 'failed', lastError: `mailbox full for a${userId}@example.org` },
        NOW + 3,
      );
    }
  }
  await ledger.claim(OTHER_JOB, 501, NOW, 120);
  // What the SES events handler writes on a bounce.
  await toDocumentClient(local.client).send(
    new UpdateCommand({
      TableName: local.tables.recipients,
      Key: { jobId: JOB, userId: 503 },
      UpdateExpression: 'SET delivery = :bounced',
      ExpressionAttributeValues: { ':bounced': 'bounced' },
    }),
  );
});
afterAll(() => local.stop());

describe('RecipientLedger.listRecipients on DynamoDB', () => {
  it("lists a job's rows by user id: status, attempts, reason, time and delivery, never an address", async () => {
    // Act
    const page = await ledger.listRecipients(JOB, {}, { limit: 100 });

    // Assert
    expect(page.nextCursor).toBeUndefined();
    expect(page.items.map((row) => row.userId)).toEqual([501, 502, 503, 504, 505, 506, 507, 508, 509, 510]);
    expect(page.items.slice(0, 4)).toEqual([
      { userId: 501, status: 'sent', attempts: 1, updatedAt: '2026-03-02T09:01:02Z' },
      {
        userId: 502,
        status: 'failed',
        attempts: 1,
        reason: 'mailbox full for [email]',
        updatedAt: '2026-03-02T09:01:03Z',
      },
      { userId: 503, status: 'sent', attempts: 1, updatedAt: '2026-03-02T09:01:02Z', delivery: 'bounced' },
      { userId: 504, status: 'sending', attempts: 1, updatedAt: '2026-03-02T09:01:00Z' },
    ]);
    expect(JSON.stringify(page)).not.toContain('ses-');
  });

  it('pages with the cursor and filters by status without skipping a row', async () => {
    // Act
    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await ledger.listRecipients(JOB, { status: 'failed' }, { limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((row) => row.userId));
      cursor = page.nextCursor;
    } while (cursor !== undefined && pages.length < 10);

    // Assert
    expect(pages[0]).toEqual([502, 506]);
    expect(pages.flat()).toEqual([502, 506, 510]);
  });

  it('answers an empty page for an unknown job', async () => {
    // Act
    const page = await ledger.listRecipients('schedule-99-slot-1', {}, { limit: 10 });

    // Assert
    expect(page).toEqual({ items: [] });
  });

  it("refuses another job's cursor, a forged one and a bad limit, naming the parameter", async () => {
    // Arrange: DynamoDB hands out a cursor whenever a page is full, even when nothing follows.
    const other = await ledger.listRecipients(OTHER_JOB, {}, { limit: 1 });
    const forged = Buffer.from(JSON.stringify({ jobId: JOB, userId: 'x' })).toString('base64url');
    const attempts = [
      () => ledger.listRecipients(JOB, {}, { limit: 1, cursor: other.nextCursor as string }),
      () => ledger.listRecipients(JOB, {}, { limit: 1, cursor: forged }),
      () => ledger.listRecipients(JOB, {}, { limit: 1, cursor: '' }),
    ];

    // Act
    const outcomes = await Promise.allSettled(attempts.map((attempt) => attempt()));
    const badLimit = await ledger.listRecipients(JOB, {}, { limit: 0 }).catch((error: unknown) => error);

    // Assert
    expect(other.nextCursor).toEqual(expect.any(String));
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { field: 'cursor' } });
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(InvalidListingParameterError);
    }
    expect(badLimit).toMatchObject({ field: 'limit' });
  });
});
