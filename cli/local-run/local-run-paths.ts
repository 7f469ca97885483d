/**
 * Where a local run keeps things under its output folder:
 *
 * - `state/<target>/`: what must outlive the run, per Moodle database: DynamoDB's tables (jobs, recipient ledger,
 *   the planner's run state) so that a second run sends nothing twice, and for the demo its PGlite database;
 * - `runs/<time of the run>/`: one folder per run, never reused, with the emails, certificates, logs and summary.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { redactUrl } from '#adapters/moodle/connection-url.js';
import { DEFAULT_TABLE_PREFIX } from '#adapters/moodle/open-moodle-bridge.js';

export interface StatePaths {
  /** `state/demo` or `state/moodle-<hash of the URL without password, and the prefix>`. */
  stateDir: string;
  /** `demo` or `moodle-<hash>`: the state folder's name. */
  target: string;
  /** dynalite's LevelDB directory. */
  dynamoDir: string;
  /** Local SQS (SQLite), S3 (files) and SES (one file per mail): `aws/`. */
  storageDir: string;
  /** The demo's PGlite directory; undefined for a real Moodle database. */
  demoMoodleDir: string | undefined;
}

/** The state folder for a Moodle database (`moodleDbUrl` undefined: the demo). */
export function statePathsFor(outDir: string, moodleDbUrl: string | undefined, prefix: string): StatePaths {
  const customPrefix = prefix === DEFAULT_TABLE_PREFIX ? '' : `-${prefix.replace(/[^a-z0-9]/gi, '')}`;
  // Each database gets its own run state: planning a second Moodle against the first one's jobs would skip its runs.
  const target =
    moodleDbUrl === undefined
      ? `demo${customPrefix}`
      : `moodle-${createHash('sha256')
          .update(`${redactUrl(moodleDbUrl)}\n${prefix}`)
          .digest('hex')
          .slice(0, 12)}`;
  const stateDir = resolve(outDir, 'state', target);
  return {
    stateDir,
    target,
    dynamoDir: join(stateDir, 'dynamodb'),
    storageDir: join(stateDir, 'aws'),
    demoMoodleDir: moodleDbUrl === undefined ? join(stateDir, 'moodle') : undefined,
  };
}

/**
 * Creates this run's own folder, `runs/<UTC time of the run>` (`-2`, `-3`… when two runs start in one second),
 * so that no run overwrites what an earlier one wrote.
 */
export async function createRunDir(outDir: string, startedAtMs: number): Promise<string> {
  const runsDir = resolve(outDir, 'runs');
  await mkdir(runsDir, { recursive: true });
  const stamp = new Date(startedAtMs)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
  for (let attempt = 1; ; attempt += 1) {
    const dir = join(runsDir, attempt === 1 ? stamp : `${stamp}-${attempt}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A folder name a person can read: `schedule-5-onboarding-weekly-welcome-2026-01-19T06-00Z`. */
export function jobFolderName(scheduleId: number, scheduleName: string | undefined, runSlot: number): string {
  const slug = (scheduleName ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  const slot = new Date(runSlot * 1000).toISOString().slice(0, 16).replace(':', '-');
  return ['schedule', String(scheduleId), ...(slug ? [slug] : []), `${slot}Z`].join('-');
}
