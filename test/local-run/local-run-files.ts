/**
 * Reads back what a local run left on disk, independently of the run's own code: its summary.json, the files in its
 * folder, the jobs in the DynamoDB state (through a fresh dynalite on the same LevelDB), and local SES's mail spool.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoClient, toDocumentClient } from '#adapters/dynamodb/dynamo-client.js';
import { itemToJob } from '#adapters/dynamodb/job-item.js';
import type { CloudJob } from '#domain/cloud-job.js';

type StartDynalite = (options: { path: string; createTableMs: number }) => Server;
const startDynalite = createRequire(import.meta.url)('dynalite') as StartDynalite;

/** The run folders under `outDir`, oldest first. */
export async function runDirsIn(outDir: string): Promise<string[]> {
  return (await readdir(join(outDir, 'runs'))).sort().map((name) => join(outDir, 'runs', name));
}

/** What summary.json holds that the tests read. */
export interface RunSummaryJson {
  jobs: CloudJob[];
  jobsInState: number;
  outputs: { emails: number; certificates: number; folders: Record<string, string>; unmatchedEmails: number };
  deadLetters: { email: number; certificate: number };
  finished: boolean;
  schedules: { scheduleId: number; outcome: string; jobId?: string }[];
}

export async function readSummary(runDir: string): Promise<RunSummaryJson> {
  return JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as RunSummaryJson;
}

/** Every file under `dir` whose name ends with `extension`, as paths relative to `dir`. */
export async function filesUnder(dir: string, extension: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** The user ids in file names such as `user-1001.eml` or `user-1001-7K3M-9QXH-2B4N-D8RT.pdf`, ascending. */
export function userIdsOf(paths: readonly string[]): number[] {
  return paths.map((path) => Number(/user-(\d+)/.exec(path)?.[1])).sort((a, b) => a - b);
}

/** Every job in the jobs table kept under `dynamoDir`, by job id. */
export async function jobsOnDisk(dynamoDir: string, table: string): Promise<Map<string, CloudJob>> {
  const server = startDynalite({ path: dynamoDir, createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = createDynamoClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const { Items = [] } = await toDocumentClient(client).send(new ScanCommand({ TableName: table }));
    return new Map(Items.map((item) => itemToJob(table, item)).map((job) => [job.jobId, job]));
  } finally {
    client.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error?: Error) => (error ? reject(error) : resolve())));
  }
}

/**
 * The mails local SES accepted for the demo state under `outDir`: its spool keeps one file per mail, named
 * `<jobId>~user-<userId>~<messageId>.json`. Returned as `<jobId>/<userId>`, one entry per mail (duplicates kept).
 */
export async function mailsAccepted(outDir: string): Promise<string[]> {
  const names = await readdir(join(outDir, 'state', 'demo', 'aws', 'ses')).catch(() => [] as string[]);
  return names
    .flatMap((name) => {
      const match = /^(.+)~user-(\d+)~.+\.json$/.exec(name);
      return match ? [`${match[1]}/${match[2]}`] : [];
    })
    .sort();
}
