import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoRecipientLedger } from '#adapters/dynamodb/dynamo-recipient-ledger.js';
import { ValidationError } from '#domain/errors.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { readRawItem, SLOT } from './fixtures.js';

const NOW = SLOT + 60;
const RETENTION = 90 * 86_400;
const CLAIM_TIMEOUT = 120;
const JOB = 'schedule-7-slot-1772442000';

let local: LocalDynamoDb;
let ledger: RecipientLedger;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  ledger = makeDynamoRecipientLedger({
    client: local.client,
    tableName: local.tables.recipients,
    retentionSeconds: RETENTION,
  });
});
afterAll(() => local.stop());

const rawRow = (userId: number) =>
  readRawItem(local.client, local.tables.recipients, { jobId: { S: JOB }, userId: { N: String(userId) } });

describe('claim and settle', () => {
  it('claims a new recipient as attempt 1 and settles it as sent', async () => {
    // Act
    const claim = await ledger.claim(JOB, 401, NOW, CLAIM_TIMEOUT);
    const settled = await ledger.settle(JOB, 401, { status: 'sent', sesMessageId: 'ses-0001' }, NOW + 2);

    // Assert
    expect(claim).toEqual({ outcome: 'claimed', attempt: 1 });
    expect(settled).toBe(true);
    expect(await rawRow(401)).toEqual({
      jobId: { S: JOB },
      userId: { N: '401' },
      status: { S: 'sent' },
      attempts: { N: '1' },
      claimedAt: { N: String(NOW) },
      settledAt: { N: String(NOW + 2) },
      sesMessageId: { S: 'ses-0001' },
      expiresAt: { N: String(NOW + 2 + RETENTION) },
    });
  });

  it('answers a duplicate delivery after the settle with the settled status, and refuses a second settle', async () => {
    // Arrange
    await ledger.claim(JOB, 402, NOW, CLAIM_TIMEOUT);
    await ledger.settle(JOB, 402, { status: 'failed', lastError: 'rejected: <li.wei@example.net> unknown' }, NOW + 1);

    // Act
    const duplicate = await ledger.claim(JOB, 402, NOW + 30, CLAIM_TIMEOUT);
    const secondSettle = await ledger.settle(JOB, 402, { status: 'sent' }, NOW + 31);

    // Assert
    expect(duplicate).toEqual({ outcome: 'settled', status: 'failed' });
    expect(secondSettle).toBe(false);
    const row = await rawRow(402);
    expect(row?.status).toEqual({ S: 'failed' });
    expect(row?.attempts).toEqual({ N: '1' });
    expect(row?.lastError).toEqual({ S: 'rejected: <[email]> unknown' });
  });

  it('lets exactly one of 10 concurrent claims on one recipient win; the rest see it in flight', async () => {
    // Act
    const results = await Promise.all(Array.from({ length: 10 }, () => ledger.claim(JOB, 403, NOW, CLAIM_TIMEOUT)));

    // Assert
    expect(results.filter((result) => result.outcome === 'claimed')).toEqual([{ outcome: 'claimed', attempt: 1 }]);
    expect(results.filter((result) => result.outcome === 'in_flight')).toHaveLength(9);
    expect((await rawRow(403))?.attempts).toEqual({ N: '1' });
  });

  it('tells a fresh claim (in flight) from a stale one by its age, and leaves the stale row for settle', async () => {
    // Arrange
    await ledger.claim(JOB, 404, NOW, CLAIM_TIMEOUT);

    // Act
    const justInside = await ledger.claim(JOB, 404, NOW + CLAIM_TIMEOUT - 1, CLAIM_TIMEOUT);
    const atTimeout = await ledger.claim(JOB, 404, NOW + CLAIM_TIMEOUT, CLAIM_TIMEOUT);
    const rowAfterStale = await rawRow(404);
    const markedUnconfirmed = await ledger.settle(JOB, 404, { status: 'unconfirmed' }, NOW + CLAIM_TIMEOUT + 1);
    const secondWorker = await ledger.settle(JOB, 404, { status: 'unconfirmed' }, NOW + CLAIM_TIMEOUT + 2);

    // Assert
    expect(justInside).toEqual({ outcome: 'in_flight' });
    expect(atTimeout).toEqual({ outcome: 'stale_claim', attempt: 1 });
    expect(rowAfterStale?.status).toEqual({ S: 'sending' });
    expect([markedUnconfirmed, secondWorker]).toEqual([true, false]);
    expect(await ledger.claim(JOB, 404, NOW + 1000, CLAIM_TIMEOUT)).toEqual({
      outcome: 'settled',
      status: 'unconfirmed',
    });
  });

  it('stores certificate fields with the outcome and expires the row retention seconds after the last write', async () => {
    // Arrange
    await ledger.claim(JOB, 405, NOW, CLAIM_TIMEOUT);
    const claimedRow = await rawRow(405);

    // Act
    await ledger.settle(
      JOB,
      405,
      { status: 'sent', certificateKey: 'certificates/7/405.pdf', verificationCode: 'K7Q2-9XWM' },
      NOW + 9,
    );

    // Assert
    expect(claimedRow?.expiresAt).toEqual({ N: String(NOW + RETENTION) });
    expect(await rawRow(405)).toMatchObject({
      certificateKey: { S: 'certificates/7/405.pdf' },
      verificationCode: { S: 'K7Q2-9XWM' },
      expiresAt: { N: String(NOW + 9 + RETENTION) },
    });
  });
});

describe('release', () => {
  it('puts a claimed row back to queued so the next claim takes it as attempt 2', async () => {
    // Arrange
    await ledger.claim(JOB, 411, NOW, CLAIM_TIMEOUT);

    // Act
    await ledger.release(JOB, 411, 'throttled by SES', NOW + 1);
    const released = await rawRow(411);
    const reclaim = await ledger.claim(JOB, 411, NOW + 40, CLAIM_TIMEOUT);
    await ledger.settle(JOB, 411, { status: 'sent', sesMessageId: 'ses-0411' }, NOW + 41);

    // Assert
    expect(released).toMatchObject({ status: { S: 'queued' }, lastError: { S: 'throttled by SES' } });
    expect(reclaim).toEqual({ outcome: 'claimed', attempt: 2 });
    const settled = await rawRow(411);
    expect(settled).toMatchObject({ status: { S: 'sent' }, attempts: { N: '2' }, claimedAt: { N: String(NOW + 40) } });
    // The throttling note belonged to the released attempt, not to the outcome.
    expect(settled?.lastError).toBeUndefined();
  });

  it('does not reopen a row that someone else already settled', async () => {
    // Arrange
    await ledger.claim(JOB, 412, NOW, CLAIM_TIMEOUT);
    await ledger.settle(JOB, 412, { status: 'unconfirmed' }, NOW + CLAIM_TIMEOUT);

    // Act
    await ledger.release(JOB, 412, 'throttled by SES', NOW + CLAIM_TIMEOUT + 1);

    // Assert
    expect(await ledger.claim(JOB, 412, NOW + 500, CLAIM_TIMEOUT)).toEqual({
      outcome: 'settled',
      status: 'unconfirmed',
    });
  });

  it('creates no row when releasing or settling a recipient that was never claimed', async () => {
    // Act
    await ledger.release(JOB, 413, 'throttled', NOW);
    const settled = await ledger.settle(JOB, 413, { status: 'sent' }, NOW);

    // Assert
    expect(settled).toBe(false);
    expect(await rawRow(413)).toBeUndefined();
  });
});

describe('makeDynamoRecipientLedger', () => {
  it('refuses a retention that is not a positive number of seconds', () => {
    // Act
    const making = () => makeDynamoRecipientLedger({ client: local.client, tableName: 'x', retentionSeconds: 0 });

    // Assert
    expect(making).toThrow(ValidationError);
  });
});
