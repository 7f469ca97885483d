/**
 * Writes what a local run produced where a person can open it: every email local SES accepted as `.eml` and every
 * certificate in the bucket as `.pdf`, in one folder per job of the run's folder. The stores themselves are on disk
 * (see start-local-stack.ts), so this is a copy: it runs while the workers work (the recipients of each finished
 * message), and once in full at the start and end of a run, which also picks up what an interrupted run produced
 * and had not copied yet. A file already copied into any earlier run's folder for the same state is never copied
 * again, so the union of all runs' folders holds each email and each certificate once.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { listSpooledMail, type SpooledMail, spooledMailAsEml } from '#adapters/local-aws/ses-mail-spool.js';
import { LocalRunError } from './local-run-error.js';
import { jobFolderName } from './local-run-paths.js';

export interface OutputSources {
  runDir: string;
  /** Every run folder (`runs/`), to find what earlier runs of the same state copied. */
  runsDir: string;
  /** Names the state the run belongs to, so runs of another Moodle database are not taken for this one's. */
  stateTarget: string;
  scheduleNames: ReadonlyMap<number, string>;
  /** Local SES's mail spool. */
  sesSpoolDir: string;
  s3: S3Client;
  bucket: string;
}

/** How many files this run wrote, and in which job folders (relative to the run folder). */
export interface SavedOutputs {
  emails: number;
  certificates: number;
  /** Job id → its folder under the run folder (only jobs with files). */
  folders: Record<string, string>;
  /** Emails in local SES without the job and user tags (there should be none). */
  unmatchedEmails: number;
}

export interface RunOutputs {
  /** Copies everything not copied yet. */
  saveAll(): Promise<SavedOutputs>;
  /** Copies the outputs of these recipients (a message a worker finished). */
  saveRecipients(kind: 'emails' | 'certificates', jobId: string, userIds: readonly number[]): Promise<void>;
  saved(): SavedOutputs;
}

/** The file that tells which state a run folder belongs to. */
const TARGET_FILE = '.state';
const CERTIFICATE_KEY = /^certificates\/schedule-(\d+)\/(\d+)\/user-(\d+)-([0-9A-Z-]+)\.pdf$/;
const JOB_ID = /^schedule-(\d+)-slot-(\d+)$/;

/** Starts the copy into `runDir`, after noting which files earlier runs of this state already hold. */
export async function openRunOutputs(sources: OutputSources): Promise<RunOutputs> {
  await writeFile(join(sources.runDir, TARGET_FILE), `${sources.stateTarget}\n`);
  const copied = await filesOfEarlierRuns(sources);
  const saved: SavedOutputs = { emails: 0, certificates: 0, folders: {}, unmatchedEmails: 0 };
  // One copy at a time: the workers' progress and the full passes may ask for the same file at once.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  const folderOf = (jobId: string): string | undefined => {
    const slot = JOB_ID.exec(jobId);
    if (slot === null) return undefined;
    const scheduleId = Number(slot[1]);
    return jobFolderName(scheduleId, sources.scheduleNames.get(scheduleId), Number(slot[2]));
  };
  const write = async (
    jobId: string,
    kind: 'emails' | 'certificates',
    name: string,
    bytes: () => Promise<Uint8Array>,
  ) => {
    const folder = folderOf(jobId) ?? 'unmatched-emails';
    const relative = `${folder}/${kind}/${name}`;
    if (copied.has(relative)) return false;
    const dir = join(sources.runDir, folder, kind);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${name}.tmp`);
    await writeFile(tmp, await bytes());
    await rename(tmp, join(dir, name));
    copied.add(relative);
    saved.folders[jobId] ??= folder;
    return true;
  };

  const saveMail = async (mail: SpooledMail) => {
    if (mail.jobId === undefined || mail.userId === undefined) {
      const dir = join(sources.runDir, 'unmatched-emails');
      const relative = `unmatched-emails/emails/${mail.messageId}.eml`;
      if (copied.has(relative)) return;
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${mail.messageId}.eml`), await spooledMailAsEml(mail));
      copied.add(relative);
      saved.unmatchedEmails += 1;
      return;
    }
    if (await write(mail.jobId, 'emails', `user-${mail.userId}.eml`, () => spooledMailAsEml(mail))) saved.emails += 1;
  };
  const saveCertificate = async (key: string) => {
    const match = CERTIFICATE_KEY.exec(key);
    if (match === null) return;
    const [, scheduleId, runSlot, userId, code] = match;
    const jobId = `schedule-${scheduleId}-slot-${runSlot}`;
    const written = await write(jobId, 'certificates', `user-${userId}-${code}.pdf`, async () => {
      const object = await sources.s3.send(new GetObjectCommand({ Bucket: sources.bucket, Key: key }));
      const bytes = await object.Body?.transformToByteArray();
      if (bytes === undefined) throw new LocalRunError(`certificate ${key} has no content in the local bucket`);
      return bytes;
    });
    if (written) saved.certificates += 1;
  };

  return {
    saveAll: () =>
      serial(async () => {
        for (const mail of listSpooledMail(sources.sesSpoolDir)) await saveMail(mail);
        for (const key of await certificateKeys(sources.s3, sources.bucket, 'certificates/')) {
          await saveCertificate(key);
        }
        return { ...saved, folders: { ...saved.folders } };
      }),
    saveRecipients: (kind, jobId, userIds) =>
      serial(async () => {
        const users = new Set(userIds);
        if (kind === 'emails') {
          for (const mail of listSpooledMail(sources.sesSpoolDir)) {
            if (mail.jobId === jobId && mail.userId !== undefined && users.has(mail.userId)) await saveMail(mail);
          }
          return;
        }
        const slot = JOB_ID.exec(jobId);
        if (slot === null) return;
        for (const userId of users) {
          const prefix = `certificates/schedule-${slot[1]}/${slot[2]}/user-${userId}-`;
          for (const key of await certificateKeys(sources.s3, sources.bucket, prefix)) await saveCertificate(key);
        }
      }),
    saved: () => ({ ...saved, folders: { ...saved.folders } }),
  };
}

/** `<job folder>/<kind>/<file>` of every file the earlier run folders of this state hold. */
async function filesOfEarlierRuns(sources: OutputSources): Promise<Set<string>> {
  const files = new Set<string>();
  const list = async (dir: string) => readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const run of await list(sources.runsDir)) {
    if (!run.isDirectory()) continue;
    const runDir = join(sources.runsDir, run.name);
    if (runDir === sources.runDir) continue;
    const target = (await readFile(join(runDir, TARGET_FILE), 'utf8').catch(() => '')).trim();
    if (target !== sources.stateTarget) continue;
    for (const folder of await list(runDir)) {
      if (!folder.isDirectory() || folder.name === 'logs') continue;
      for (const kind of ['emails', 'certificates']) {
        for (const file of await list(join(runDir, folder.name, kind))) {
          if (file.isFile() && !file.name.startsWith('.')) files.add(`${folder.name}/${kind}/${file.name}`);
        }
      }
    }
  }
  return files;
}

async function certificateKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}
