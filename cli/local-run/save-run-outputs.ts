/**
 * Writes what the run produced where a person can open it: every email SES local received as `.eml`, and every
 * certificate in the bucket as `.pdf`, in one folder per job. Emails are matched to their job and recipient through
 * the recipient ledger (the SES message id each send recorded), so a file's place says whom it was sent to.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { toDocumentClient } from '#adapters/dynamodb/dynamo-client.js';
import { jobIdFor } from '#domain/cloud-job.js';
import { LocalRunError } from './local-run-error.js';
import { jobFolderName } from './local-run-paths.js';
import { storedEmailIds } from './read-local-state.js';

export interface OutputSources {
  runDir: string;
  /** The jobs this run worked on. */
  jobIds: readonly string[];
  scheduleNames: ReadonlyMap<number, string>;
  sesEndpoint: string;
  /** Emails SES local held before the run started: not this run's. */
  earlierEmailIds: ReadonlySet<string>;
  s3: S3Client;
  bucket: string;
  dynamo: DynamoDBClient;
  recipientsTable: string;
}

/** How many files were written, and in which job folders (relative to the run folder). */
export interface SavedOutputs {
  emails: number;
  certificates: number;
  /** Job id → its folder under the run folder (only jobs with files). */
  folders: Record<string, string>;
  /** Emails in SES local that no recipient row of this run names (there should be none). */
  unmatchedEmails: number;
}

const CERTIFICATE_KEY = /^certificates\/schedule-(\d+)\/(\d+)\/user-(\d+)-([0-9A-Z-]+)\.pdf$/;

export async function saveRunOutputs(sources: OutputSources): Promise<SavedOutputs> {
  const saved: SavedOutputs = { emails: 0, certificates: 0, folders: {}, unmatchedEmails: 0 };
  const folderOf = async (scheduleId: number, runSlot: number, kind: 'emails' | 'certificates') => {
    const jobId = jobIdFor(scheduleId, runSlot);
    saved.folders[jobId] ??= jobFolderName(scheduleId, sources.scheduleNames.get(scheduleId), runSlot);
    const dir = join(sources.runDir, saved.folders[jobId], kind);
    await mkdir(dir, { recursive: true });
    return dir;
  };

  const sentBy = await sesMessageIds(sources);
  for (const messageId of await storedEmailIds(sources.sesEndpoint)) {
    if (sources.earlierEmailIds.has(messageId)) continue;
    const eml = await emlOf(sources.sesEndpoint, messageId);
    const recipient = sentBy.get(messageId);
    if (recipient === undefined) {
      const dir = join(sources.runDir, 'unmatched-emails');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${messageId}.eml`), eml);
      saved.unmatchedEmails += 1;
      continue;
    }
    const dir = await folderOf(recipient.scheduleId, recipient.runSlot, 'emails');
    await writeFile(join(dir, `user-${recipient.userId}.eml`), eml);
    saved.emails += 1;
  }

  for (const key of await certificateKeys(sources.s3, sources.bucket)) {
    const match = CERTIFICATE_KEY.exec(key);
    if (match === null) continue;
    const [, scheduleId, runSlot, userId, code] = match;
    const dir = await folderOf(Number(scheduleId), Number(runSlot), 'certificates');
    const object = await sources.s3.send(new GetObjectCommand({ Bucket: sources.bucket, Key: key }));
    const bytes = await object.Body?.transformToByteArray();
    if (bytes === undefined) throw new LocalRunError(`certificate ${key} has no content in the local bucket`);
    await writeFile(join(dir, `user-${userId}-${code}.pdf`), bytes);
    saved.certificates += 1;
  }
  return saved;
}

interface SentTo {
  scheduleId: number;
  runSlot: number;
  userId: number;
}

/** SES message id → the job and recipient whose row recorded it. */
async function sesMessageIds(sources: OutputSources): Promise<Map<string, SentTo>> {
  const doc = toDocumentClient(sources.dynamo);
  const byMessageId = new Map<string, SentTo>();
  for (const jobId of sources.jobIds) {
    const slot = /^schedule-(\d+)-slot-(\d+)$/.exec(jobId);
    if (slot === null) continue;
    const pages = paginateQuery(
      { client: doc },
      {
        TableName: sources.recipientsTable,
        KeyConditionExpression: 'jobId = :jobId',
        ExpressionAttributeValues: { ':jobId': jobId },
        ProjectionExpression: 'userId, sesMessageId',
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        if (typeof item.sesMessageId !== 'string') continue;
        byMessageId.set(item.sesMessageId, {
          scheduleId: Number(slot[1]),
          runSlot: Number(slot[2]),
          userId: Number(item.userId),
        });
      }
    }
  }
  return byMessageId;
}

/** The message as a `.eml` file; SES local rebuilds it from what it parsed, so its own headers are new. */
async function emlOf(sesEndpoint: string, messageId: string): Promise<Uint8Array> {
  const response = await fetch(`${sesEndpoint}/get-emlContent?messageId=${encodeURIComponent(messageId)}`);
  if (!response.ok) throw new LocalRunError(`SES local has no content for message ${messageId}`);
  const { body } = (await response.json()) as { body: string | { type: 'Buffer'; data: number[] } };
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Uint8Array.from(body.data);
}

async function certificateKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'certificates/', ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}
