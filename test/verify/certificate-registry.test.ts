/**
 * The certificate registry: the record built from what a certificate prints (pure), and the DynamoDB adapter on
 * dynalite, including the idempotent re-registration a retried render does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeText } from '#adapters/certificate/fit-text.js';
import { makeDynamoCertificateRegistry } from '#adapters/dynamodb/dynamo-certificate-registry.js';
import type { CertificateContent } from '#domain/certificate.js';
import { type CertificateRecord, certificateRecordFor, isoIssueDate } from '#domain/certificate-registry.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';

/** 2026-04-16T23:30:00Z: already the 17th in Auckland, still the 16th in New York. */
const LATE_ON_16_APRIL_UTC = Date.UTC(2026, 3, 16, 23, 30) / 1000;

const CONTENT: CertificateContent = {
  recipientName: '  Nguye\u0302\u0303n\tVa\u0306n  An\n',
  courseName: 'Workplace   Safety',
  siteName: 'Demo Academy',
  issuedAt: LATE_ON_16_APRIL_UTC,
  lang: 'fr',
  timeZone: 'Pacific/Auckland',
  verificationCode: '7K3M-9QXH-2B4N-D8RT',
  verificationUrl: 'https://api.example.org/verify?code=7K3M-9QXH-2B4N-D8RT',
};
const ORIGIN = {
  jobId: 'schedule-4-slot-1776382200',
  scheduleId: 4,
  userId: 345,
  certificateKey: 'certificates/schedule-4/1776382200/user-345-7K3M-9QXH-2B4N-D8RT.pdf',
};

describe('the registry record', () => {
  it('holds the name, course and date exactly as the certificate prints them', () => {
    // Act
    const record = certificateRecordFor(CONTENT, ORIGIN);

    // Assert
    expect(record).toEqual({
      verificationCode: '7K3M-9QXH-2B4N-D8RT',
      name: 'Nguyễn Văn An',
      course: 'Workplace Safety',
      issuedOn: '2026-04-17',
      issuedOnText: '17 avril 2026',
      issuedAt: LATE_ON_16_APRIL_UTC,
      ...ORIGIN,
    });
    // The renderer draws through the same rule.
    expect(record.name).toBe(normalizeText(CONTENT.recipientName));
  });

  it.each([
    ['America/New_York', '2026-04-16'],
    ['UTC', '2026-04-16'],
    ['Pacific/Auckland', '2026-04-17'],
  ])('dates the certificate on the calendar of %s', (zone, expected) => {
    // Act / Assert
    expect(isoIssueDate(LATE_ON_16_APRIL_UTC, zone)).toBe(expected);
  });

  it('refuses a zone it does not know, naming the field', () => {
    // Act
    const act = () => isoIssueDate(LATE_ON_16_APRIL_UTC, 'Mars/Olympus');

    // Assert
    expect(act).toThrow('timeZone: is not a known time zone');
  });
});

describe('the certificate registry on DynamoDB (dynalite)', () => {
  let dynamo: LocalDynamoDb;
  beforeAll(async () => {
    dynamo = await startLocalDynamoDb();
  });
  afterAll(async () => {
    await dynamo.stop();
  });
  const registry = () =>
    makeDynamoCertificateRegistry({ client: dynamo.client, tableName: dynamo.tables.certificates });

  it('finds a registered certificate by its code, and nothing by another code', async () => {
    // Arrange
    const record = certificateRecordFor(CONTENT, ORIGIN);

    // Act
    await registry().register(record);

    // Assert
    expect(await registry().find('7K3M-9QXH-2B4N-D8RT')).toEqual(record);
    expect(await registry().find('0000-0000-0000-0000')).toBeUndefined();
  });

  it('registers the same certificate twice (a retried render) as one unchanged record', async () => {
    // Arrange
    const record: CertificateRecord = {
      ...certificateRecordFor(CONTENT, ORIGIN),
      verificationCode: 'ABCD-EFGH-JKMN-PQRS',
    };

    // Act
    await registry().register(record);
    await registry().register(record);

    // Assert
    expect(await registry().find('ABCD-EFGH-JKMN-PQRS')).toEqual(record);
  });

  it('fails with the store error naming the table when the table does not exist', async () => {
    // Arrange
    const missing = makeDynamoCertificateRegistry({ client: dynamo.client, tableName: 'no-such-table' });

    // Act
    const act = missing.find('7K3M-9QXH-2B4N-D8RT');

    // Assert
    await expect(act).rejects.toThrow('DynamoDB GetItem on no-such-table failed');
  });
});
