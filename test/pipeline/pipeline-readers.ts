/**
 * Reads what the pipeline left behind, straight from the servers: the jobs table, the recipient ledger and the local
 * SES store. Test-only views (a Scan is fine on a table of a few items); the code under test never reads this way.
 */
import { type DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { itemToJob } from '#adapters/dynamodb/job-item.js';
import type { CloudJob } from '#domain/cloud-job.js';
import type { StoredEmail } from '../email/local-ses.js';

/** One recipient row of the ledger, as stored. */
export interface RecipientRow {
  userId: number;
  status: string;
  attempts: number;
  sesMessageId?: string;
  certificateKey?: string;
  verificationCode?: string;
  lastError?: string;
}

/** Every job in the table, by schedule id. */
export async function scanJobs(doc: DynamoDBDocumentClient, table: string): Promise<CloudJob[]> {
  const output = await doc.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return (output.Items ?? []).map((item) => itemToJob(table, item)).sort((a, b) => a.scheduleId - b.scheduleId);
}

/** Every ledger row of one job, by user id. */
export async function queryRecipientRows(
  doc: DynamoDBDocumentClient,
  table: string,
  jobId: string,
): Promise<RecipientRow[]> {
  const rows: RecipientRow[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const output = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'jobId = :jobId',
        ExpressionAttributeValues: { ':jobId': jobId },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    rows.push(...((output.Items ?? []) as RecipientRow[]));
    start = output.LastEvaluatedKey;
  } while (start !== undefined);
  return rows;
}

/** Every mail the local SES holds (`GET /store`). */
export async function readSesStore(endpoint: string): Promise<StoredEmail[]> {
  const response = await fetch(`${endpoint}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}
