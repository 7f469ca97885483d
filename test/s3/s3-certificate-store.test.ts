import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '#adapters/local-aws/start-local-aws.js';
import { decodeMetadata } from '#adapters/s3/encode-metadata.js';
import { makeS3CertificateStore } from '#adapters/s3/s3-certificate-store.js';
import { createS3Client } from '#adapters/s3/s3-client.js';
import { certificateKeyFor } from '#domain/certificate-key.js';
import { CertificateStoreError } from '#domain/certificate-store.js';
import { ValidationError } from '#domain/errors.js';
import { samplePdfBytes } from '../email/fixtures.js';

let local: LocalAws;
let client: S3Client;
let bucket: string;

beforeAll(async () => {
  local = await startLocalAws();
  client = createS3Client(local.clientConfig.s3);
  bucket = `certificates-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
});

afterAll(async () => {
  client.destroy();
  await local.stop();
});

const KEY = certificateKeyFor({
  scheduleId: 12,
  runSlot: 1_767_225_600,
  userId: 345,
  verificationCode: '7K3M-9QXH-2B4N-D8RT',
});

/**
 * Records the headers of every request the client puts on the wire. fauxqs accepts but neither keeps nor echoes
 * server-side-encryption headers, so the request is the only place to see them; nothing is changed or faked.
 */
function recordRequestHeaders(s3: S3Client): Record<string, string>[] {
  const seen: Record<string, string>[] = [];
  s3.middlewareStack.add(
    (next) => async (args) => {
      seen.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordRequestHeaders' },
  );
  return seen;
}

describe('makeS3CertificateStore against fauxqs', () => {
  it('reads a stored certificate back with get, byte for byte', async () => {
    // Arrange
    const store = makeS3CertificateStore({ client, bucket, keyPrefix: 'read-back' });
    const pdf = samplePdfBytes();
    await store.put(KEY, pdf, { 'job-id': 'schedule-12-slot-1767225600' });

    // Act
    const read = await store.get(KEY);

    // Assert
    expect(Buffer.from(read).equals(Buffer.from(pdf))).toBe(true);
  });

  it('says which certificate could not be read', async () => {
    // Arrange
    const store = makeS3CertificateStore({ client, bucket, keyPrefix: 'nowhere' });

    // Act
    const error = await store.get(KEY).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(CertificateStoreError);
    expect((error as CertificateStoreError).key).toBe(KEY);
  });

  it('stores the PDF with its content type and metadata, readable back byte for byte', async () => {
    // Arrange
    const store = makeS3CertificateStore({ client, bucket, keyPrefix: '' });
    const pdf = samplePdfBytes();
    const metadata = { 'job-id': 'schedule-12-slot-1767225600', course: 'Безопасность труда', site: ' Moodle École ' };

    // Act
    await store.put(KEY, pdf, metadata);
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: KEY }));

    // Assert
    expect(new Uint8Array((await object.Body?.transformToByteArray()) ?? [])).toEqual(pdf);
    expect(object.ContentType).toBe('application/pdf');
    expect(Object.values(object.Metadata ?? {}).every((value) => /^[\x20-\x7E]*$/.test(value))).toBe(true);
    expect(decodeMetadata(object.Metadata ?? {})).toEqual(metadata);
  });

  it('asks for SSE-S3 (AES256) without a KMS key, and SSE-KMS with the key when one is configured', async () => {
    // Arrange
    const s3 = createS3Client(local.clientConfig.s3);
    const headers = recordRequestHeaders(s3);
    const plain = makeS3CertificateStore({ client: s3, bucket, keyPrefix: 'plain' });
    const kms = makeS3CertificateStore({ client: s3, bucket, keyPrefix: 'kms', kmsKeyId: 'alias/manireports' });

    // Act
    await plain.put(KEY, samplePdfBytes(), {});
    await kms.put(KEY, samplePdfBytes(), {});
    s3.destroy();

    // Assert
    expect(headers[0]?.['x-amz-server-side-encryption']).toBe('AES256');
    expect(headers[0]?.['x-amz-server-side-encryption-aws-kms-key-id']).toBeUndefined();
    expect(headers[1]?.['x-amz-server-side-encryption']).toBe('aws:kms');
    expect(headers[1]?.['x-amz-server-side-encryption-aws-kms-key-id']).toBe('alias/manireports');
  });

  it('puts every key under the key prefix, adding the slash', async () => {
    // Arrange
    const store = makeS3CertificateStore({ client, bucket, keyPrefix: 'site-a' });

    // Act
    await store.put(KEY, samplePdfBytes(), {});
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `site-a/${KEY}` }));

    // Assert
    expect(object.ContentType).toBe('application/pdf');
  });

  it('links to the PDF with a presigned URL that a plain fetch downloads', async () => {
    // Arrange
    const store = makeS3CertificateStore({ client, bucket, keyPrefix: 'links/' });
    const pdf = samplePdfBytes();
    await store.put(KEY, pdf, { code: '7K3M-9QXH-2B4N-D8RT' });

    // Act
    const link = await store.linkFor(KEY, 900);
    const response = await fetch(link);

    // Assert
    expect(new URL(link).searchParams.get('X-Amz-Expires')).toBe('900');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdf);
  });

  it.each([0, 1.5, 7 * 24 * 3600 + 1])('rejects a link lifetime of %s seconds', async (seconds) => {
    // Arrange
    const store = makeS3CertificateStore({ client, bucket, keyPrefix: '' });

    // Act
    const error = await store.linkFor(KEY, seconds).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'expiresInSeconds' });
  });

  it.each([
    ['key', '../escape.pdf', {}],
    ['metadata.Job', KEY, { Job: 'x' }],
    ['metadata', KEY, { note: 'é'.repeat(1000) }],
  ])('rejects a bad %s before sending anything', async (field, key, metadata) => {
    // Arrange
    const store = makeS3CertificateStore({ client, bucket, keyPrefix: '' });

    // Act
    const error = await store.put(key, samplePdfBytes(), metadata).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field });
  });

  it('throws CertificateStoreError, with the cause, when the bucket does not exist', async () => {
    // Arrange
    const store = makeS3CertificateStore({ client, bucket: `missing-${randomUUID().slice(0, 8)}`, keyPrefix: '' });

    // Act
    const error = await store.put(KEY, samplePdfBytes(), {}).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(CertificateStoreError);
    expect((error as CertificateStoreError).cause).toMatchObject({ name: 'NoSuchBucket' });
  });
});
