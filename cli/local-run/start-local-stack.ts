/**
 * The AWS side of a local run: fauxqs (SQS, S3), SES local and dynalite, each keeping its state on disk under the
 * run's state folder (queues and messages in SQLite, objects and sent mail as files, tables in LevelDB), and the
 * tables, queues (each with a DLQ) and bucket the functions expect, created when missing.
 */

import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createTables } from '#adapters/dynamodb/create-tables.js';
import { createDynamoClient } from '#adapters/dynamodb/dynamo-client.js';
import { type DynamoTableNames, tableNamesWith } from '#adapters/dynamodb/table-definitions.js';
import { endpointOf, type LocalServer } from '#adapters/local-aws/local-server.js';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalAws,
  sesSpoolDir,
  startLocalAws,
} from '#adapters/local-aws/start-local-aws.js';
import { createS3Client } from '#adapters/s3/s3-client.js';
import { createWorkQueues } from '#adapters/sqs/create-work-queues.js';
import { createSqsClient } from '#adapters/sqs/sqs-client.js';

// dynalite is CommonJS without type declarations; this is the part of its API used here.
type StartDynalite = (options: { path: string; createTableMs: number; deleteTableMs: number }) => Server;
const startDynalite = createRequire(import.meta.url)('dynalite') as StartDynalite;

/** The names the local run gives its resources; the same every run, so the state on disk is found again. */
export const LOCAL_TABLES: DynamoTableNames = tableNamesWith('manireports-');
const QUEUE_NAMES = { email: 'manireports-email', certificate: 'manireports-certificate' } as const;
export const LOCAL_BUCKET = 'manireports-certificates';

export interface LocalStackSettings {
  /** dynalite's LevelDB directory (created when missing). */
  dynamoDir: string;
  /** Where SQS, S3 and SES keep their state (see `startLocalAws`); undefined: in memory. */
  storageDir?: string;
  /** How long a received message stays hidden: a failed one comes back after this. */
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to its DLQ. */
  maxReceiveCount: number;
}

export interface LocalStack {
  aws: LocalAws;
  dynamoEndpoint: string;
  tables: DynamoTableNames;
  queueUrls: Record<keyof typeof QUEUE_NAMES, string>;
  deadLetterUrls: Record<keyof typeof QUEUE_NAMES, string>;
  bucket: string;
  /** Local SES's mail, one file per mail (with `storageDir`). */
  sesSpoolDir?: string;
  /** Clients for the run itself (the functions build their own from their environment). */
  clients: { dynamo: DynamoDBClient; sqs: SQSClient; s3: S3Client };
  /** Stops every server; dynalite closes its LevelDB so the next run finds the tables as they were. */
  stop(): Promise<void>;
}

export async function startLocalStack(settings: LocalStackSettings): Promise<LocalStack> {
  await mkdir(settings.dynamoDir, { recursive: true });
  const aws = await startLocalAws({
    extraServers: { dynamodb: () => startDynaliteOnDisk(settings.dynamoDir) },
    ...(settings.storageDir === undefined
      ? {}
      : // The caller holds the state folder's lock: no consumer of an earlier process can still hold a message.
        { storageDir: settings.storageDir, releaseInFlight: true }),
  });
  const dynamoEndpoint = aws.extraEndpoints.dynamodb ?? '';
  const clients = {
    dynamo: createDynamoClient({
      region: LOCAL_REGION,
      endpoint: dynamoEndpoint,
      credentials: { ...LOCAL_CREDENTIALS },
    }),
    sqs: createSqsClient(aws.clientConfig.sqs),
    s3: createS3Client(aws.clientConfig.s3),
  };
  const stop = async () => {
    for (const client of Object.values(clients)) client.destroy();
    await aws.stop();
  };
  try {
    await createTables(clients.dynamo, LOCAL_TABLES);
    const created = await createWorkQueues(clients.sqs, QUEUE_NAMES, {
      visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
      maxReceiveCount: settings.maxReceiveCount,
    });
    await createBucketIfMissing(clients.s3, LOCAL_BUCKET);
    return {
      aws,
      dynamoEndpoint,
      tables: LOCAL_TABLES,
      queueUrls: onThisServer(created.queueUrls, aws.endpoints.sqs),
      deadLetterUrls: onThisServer(created.deadLetterUrls, aws.endpoints.sqs),
      bucket: LOCAL_BUCKET,
      ...(settings.storageDir === undefined ? {} : { sesSpoolDir: sesSpoolDir(settings.storageDir) }),
      clients,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * A queue kept from an earlier process keeps the URL it was created with, naming that process's port; fauxqs finds
 * a queue by its name whatever the host, so the URLs are pointed at this server.
 */
function onThisServer<K extends string>(urls: Record<K, string>, endpoint: string): Record<K, string> {
  const entries = Object.entries<string>(urls).map(([key, url]) => [
    key,
    new URL(new URL(url).pathname, endpoint).href,
  ]);
  return Object.fromEntries(entries) as Record<K, string>;
}

async function createBucketIfMissing(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw error;
  }
}

/** dynalite on loopback, keeping its tables in LevelDB under `path`. */
async function startDynaliteOnDisk(path: string): Promise<LocalServer> {
  const server = startDynalite({ path, createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: endpointOf(server.address()),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        // dynalite's close() also closes the LevelDB, flushing it.
        server.close((error?: Error) => (error ? reject(error) : resolve()));
      }),
  };
}
