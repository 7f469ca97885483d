/**
 * The {@link CertificateStore} port on Amazon S3: encrypted PDFs under a key prefix, and presigned GET links.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type CertificateStore, CertificateStoreError } from '#domain/certificate-store.js';
import { ValidationError } from '#domain/errors.js';
import { encodeMetadata } from './encode-metadata.js';

/** SigV4 presigned URLs live at most 7 days. */
export const MAX_LINK_SECONDS = 7 * 24 * 60 * 60;

export interface S3CertificateStoreOptions {
  /** From `createS3Client`. */
  client: S3Client;
  bucket: string;
  /**
   * Put before every key, e.g. `site-a/` to keep several Moodle sites in one bucket; `''` for none. A missing
   * trailing slash is added. Keys themselves come from `certificateKeyFor`.
   */
  keyPrefix: string;
  /**
   * A KMS key id or ARN: objects are encrypted with SSE-KMS under it. Without it, SSE-S3 (`AES256`): always
   * encrypted, never an unencrypted object even if the bucket default changes.
   */
  kmsKeyId?: string;
}

/**
 * Creates a {@link CertificateStore} on S3. Metadata values are made ASCII-safe with RFC 2047 encoded-words (see
 * `encodeMetadata`); read them back with `decodeMetadata`.
 *
 * @throws ValidationError for a blank bucket.
 */
export function makeS3CertificateStore(options: S3CertificateStoreOptions): CertificateStore {
  const { client, bucket, kmsKeyId } = options;
  if (bucket.trim() === '') throw new ValidationError('bucket', bucket, 'must not be blank');
  const prefix =
    options.keyPrefix === '' || options.keyPrefix.endsWith('/') ? options.keyPrefix : `${options.keyPrefix}/`;
  const encryption =
    kmsKeyId === undefined
      ? { ServerSideEncryption: 'AES256' as const }
      : { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: kmsKeyId };

  function objectKey(key: string): string {
    // A leading slash or a `..` segment would put the object outside the prefix's folder.
    if (key === '' || key.startsWith('/') || key.split('/').includes('..')) {
      throw new ValidationError('key', key, 'must be a relative key without ".." segments');
    }
    return `${prefix}${key}`;
  }

  return {
    async put(key, pdf, metadata) {
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: objectKey(key),
        Body: pdf,
        ContentType: 'application/pdf',
        Metadata: encodeMetadata(metadata),
        ...encryption,
      });
      try {
        await client.send(command);
      } catch (error) {
        throw new CertificateStoreError(key, 'could not store the certificate', { cause: error });
      }
    },

    async get(key) {
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        if (!response.Body) throw new Error('the object has no body');
        return await response.Body.transformToByteArray();
      } catch (error) {
        throw new CertificateStoreError(key, 'could not read the certificate', { cause: error });
      }
    },

    async linkFor(key, expiresInSeconds) {
      if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_LINK_SECONDS) {
        throw new ValidationError(
          'expiresInSeconds',
          expiresInSeconds,
          `must be a whole number from 1 to ${MAX_LINK_SECONDS}`,
        );
      }
      const command = new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) });
      // Presigning is local computation (no request): it fails only for missing credentials or a bad config.
      try {
        return await getSignedUrl(client, command, { expiresIn: expiresInSeconds });
      } catch (error) {
        throw new CertificateStoreError(key, 'could not sign a link', { cause: error });
      }
    },
  };
}
