/** The fan-out record and the `unsent` rows on dynalite: what the work deadline and a redrive rely on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoRecipientLedger } from '#adapters/dynamodb/dynamo-recipient-ledger.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { SLOT } from './fixtures.js';

const NOW = SLOT + 60;
const RETENTION = 90 * 86_400;
const CLAIM_TIMEOUT = 120;

let local: LocalDynamoDb;
let ledger: RecipientLedger;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  ledger = makeDynamoRecipientLedger({
    client: local.client,
    tableName: local.tables.recipients,
    retentionSeconds: 90 * 86_400,
  });
});
afterAll(() => local.stop());

describe('the fan-out record', () => {
  it('keeps every page’s user ids once, however often a page is recorded, apart from the recipient rows', async () => {
    // Arrange
    const job = 'schedule-1-slot-1';

    // Act: page 1 recorded twice (a replay after a crash), page 2 once; one recipient has a row already.
    await ledger.recordFannedOut(job, 0, [3, 5, 8], NOW);
    await ledger.recordFannedOut(job, 0, [3, 5, 8], NOW + 5);
    await ledger.recordFannedOut(job, 8, [13, 21], NOW + 6);
    await ledger.recordFannedOut(job, 21, [], NOW + 7);
    await ledger.claim(job, 5, NOW, CLAIM_TIMEOUT);

    // Assert
    expect(await ledger.listFannedOut(job)).toEqual([3, 5, 8, 13, 21]);
    expect(await ledger.readStatuses(job)).toEqual(new Map([[5, 'sending']]));
    expect(await ledger.tally(job)).toEqual({
      sent: 0,
      failed: 0,
      skipped: 0,
      unconfirmed: 0,
      unsent: 0,
      certificates: 0,
    });
    expect(await ledger.listFannedOut('schedule-1-slot-2')).toEqual([]);
  });
});

describe('unsent rows', () => {
  it('marks a recipient never claimed or released, never one claimed or settled', async () => {
    // Arrange: 1 never claimed; 2 claimed then released; 3 claimed (in flight); 4 sent.
    const job = 'schedule-2-slot-1';
    await ledger.claim(job, 2, NOW, CLAIM_TIMEOUT);
    await ledger.release(job, 2, 'throttled', NOW + 1);
    await ledger.claim(job, 3, NOW, CLAIM_TIMEOUT);
    await ledger.claim(job, 4, NOW, CLAIM_TIMEOUT);
    await ledger.settle(job, 4, { status: 'sent', sesMessageId: 'ses-4' }, NOW + 2);

    // Act
    const marked = await Promise.all([1, 2, 3, 4].map((userId) => ledger.markUnsent(job, userId, 'gone', NOW + 9)));
    const claimAfter = await ledger.claim(job, 1, NOW + 10, CLAIM_TIMEOUT);

    // Assert
    expect(marked).toEqual([true, true, false, false]);
    expect(await ledger.readStatuses(job)).toEqual(
      new Map([
        [1, 'unsent'],
        [2, 'unsent'],
        [3, 'sending'],
        [4, 'sent'],
      ]),
    );
    expect(claimAfter).toEqual({ outcome: 'settled', status: 'unsent' });
    expect(await ledger.tally(job)).toMatchObject({ sent: 1, unsent: 2 });
  });

  it('reopens only unsent rows, which can then be claimed once', async () => {
    // Arrange
    const job = 'schedule-3-slot-1';
    await ledger.markUnsent(job, 1, 'gone', NOW);
    await ledger.claim(job, 2, NOW, CLAIM_TIMEOUT);
    await ledger.settle(job, 2, { status: 'unconfirmed', lastError: 'x' }, NOW);

    // Act
    const reopened = [await ledger.reopenUnsent(job, 1, NOW + 1), await ledger.reopenUnsent(job, 2, NOW + 1)];
    const first = await ledger.claim(job, 1, NOW + 2, CLAIM_TIMEOUT);
    const second = await ledger.claim(job, 1, NOW + 3, CLAIM_TIMEOUT);

    // Assert
    expect(reopened).toEqual([true, false]);
    expect(first).toEqual({ outcome: 'claimed', attempt: 1 });
    expect(second).toEqual({ outcome: 'in_flight' });
    expect((await ledger.readStatuses(job)).get(2)).toBe('unconfirmed');
    expect(ledger.retentionSeconds).toBe(RETENTION);
  });
});
