/**
 * s3rver in this process on loopback: an S3 that, unlike fauxqs, checks request signatures and refuses an expired
 * presigned URL (403), so a test can watch a signed link die. Objects live in a temporary folder, removed on stop.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3ClientConfig } from '@aws-sdk/client-s3';

// s3rver is CommonJS without type declarations; this is the part of its API used here.
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  directory: string;
  resetOnClose: boolean;
  silent: boolean;
}) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

export interface LocalS3rver {
  endpoint: string;
  /** For an SDK client: s3rver accepts only the `S3RVER` key pair, and path-style addressing. */
  clientConfig: S3ClientConfig;
  stop(): Promise<void>;
}

export async function startLocalS3rver(): Promise<LocalS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, resetOnClose: true, silent: true });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    clientConfig: {
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    },
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
