/**
 * The one place an S3 client is built, so every module gets the same settings and a local server can be swapped in.
 */
import { S3Client } from '@aws-sdk/client-s3';

/** How the S3 client is set up. */
export interface S3ClientOptions {
  /** @default the SDK's resolution (`AWS_REGION`) */
  region?: string;
  /** Endpoint override for a local server such as fauxqs. @default the regional one */
  endpoint?: string;
  /** @default the SDK's credential chain */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * Creates an S3 client; create it once per module and share it. With an `endpoint`, requests use path-style URLs
 * (`http://host/bucket/key`): a local server's `bucket.127.0.0.1` host names do not resolve.
 */
export function createS3Client(options: S3ClientOptions = {}): S3Client {
  return new S3Client({
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint, forcePathStyle: true }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
}
