/**
 * A folder that holds every mail a local SES server accepted, one file per mail, written before SES answers: the
 * local run's durable record of what was sent (aws-ses-v2-local keeps its store in memory, gone with the process).
 *
 * File names carry the SES message tags the email worker sets (`jobId`, `userId`), so what was sent to whom is known
 * without opening a file: `<jobId>~user-<userId>~<messageId>.json` (or `untagged~<messageId>.json`).
 */
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEmlContent } from 'aws-ses-v2-local/dist/emlFile.js';

/** One mail in the spool. */
export interface SpooledMail {
  messageId: string;
  jobId?: string;
  userId?: number;
  file: string;
}

/** A mail as aws-ses-v2-local stores it (what `createEmlContent` reads). */
export type SesLocalEmail = Parameters<typeof createEmlContent>[0];

const NAME = /^(?:(?<jobId>[A-Za-z0-9-]+)~user-(?<userId>\d+)|untagged)~(?<messageId>[A-Za-z0-9._-]+)\.json$/;
const SAFE = /^[A-Za-z0-9-]+$/;

/** Writes one mail, synchronously (tmp file then rename, so a file is whole or absent). */
export function spoolMail(
  dir: string,
  email: SesLocalEmail,
  tags: { jobId?: string | undefined; userId?: string | undefined },
): void {
  mkdirSync(dir, { recursive: true });
  const messageId = String(email.messageId).replace(/[^A-Za-z0-9._-]/g, '_');
  const tagged = tags.jobId && SAFE.test(tags.jobId) && tags.userId && /^\d+$/.test(tags.userId);
  const name = tagged ? `${tags.jobId}~user-${tags.userId}~${messageId}.json` : `untagged~${messageId}.json`;
  const tmp = join(dir, `.${name}.tmp`);
  writeFileSync(tmp, JSON.stringify(email));
  renameSync(tmp, join(dir, name));
}

/** Every mail in the spool (none when the folder does not exist). */
export function listSpooledMail(dir: string): SpooledMail[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.flatMap((name) => {
    const groups = NAME.exec(name)?.groups;
    if (groups === undefined) return [];
    return [
      {
        messageId: groups.messageId as string,
        ...(groups.jobId ? { jobId: groups.jobId, userId: Number(groups.userId) } : {}),
        file: join(dir, name),
      },
    ];
  });
}

/** The mail as a `.eml` file, built the way aws-ses-v2-local's own `/get-emlContent` builds it. */
export async function spooledMailAsEml(mail: SpooledMail): Promise<Buffer> {
  const email = JSON.parse(await readFile(mail.file, 'utf8')) as SesLocalEmail;
  const { body } = await createEmlContent(email);
  return Buffer.isBuffer(body) ? body : Buffer.from(body as unknown as string);
}
