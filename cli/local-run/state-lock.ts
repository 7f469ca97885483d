/**
 * One local run per state folder at a time: two runs would open the same LevelDB and the same PGlite directory,
 * which neither tolerates. The lock is a file holding the owner's pid, the time the owner process started and a
 * random nonce. One left by a run that died is taken over — also when its pid now belongs to another process (the
 * start time differs), so a reused pid never blocks a run with a message about a run that does not exist.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalRunError } from './local-run-error.js';

interface LockOwner {
  pid: number;
  /** When the owner process started, epoch ms rounded to the second; 0 when unknown (an old pid-only lock). */
  startedAt: number;
  nonce: string;
}

/** Takes the lock on `stateDir`; call the returned function to release it. */
export async function lockStateDir(stateDir: string): Promise<() => Promise<void>> {
  await mkdir(stateDir, { recursive: true });
  const lockFile = join(stateDir, 'run.lock');
  const mine: LockOwner = { pid: process.pid, startedAt: processStartedAt(process.pid) ?? 0, nonce: randomUUID() };
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      await writeFile(lockFile, `${JSON.stringify(mine)}\n`, { flag: 'wx' });
      return async () => {
        // Only our own lock: never one that another run took over meanwhile.
        const current = parseOwner(await readFile(lockFile, 'utf8').catch(() => ''));
        if (current?.nonce === mine.nonce) await unlink(lockFile).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = parseOwner(await readFile(lockFile, 'utf8').catch(() => ''));
    if (owner !== undefined && isAlive(owner)) {
      const since = owner.startedAt > 0 ? ` since ${new Date(owner.startedAt).toISOString()}` : '';
      throw new LocalRunError(
        `another local run (pid ${owner.pid}${since}) is using ${stateDir}; wait for it to finish` +
          ` (if there is no such run, delete ${lockFile})`,
      );
    }
    await unlink(lockFile).catch(() => undefined);
  }
  throw new LocalRunError(`could not lock ${stateDir}: ${lockFile} keeps coming back`);
}

/** The lock file's owner; a lock written by an older version holds only a pid. */
function parseOwner(text: string): LockOwner | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), startedAt: 0, nonce: '' };
  try {
    const value = JSON.parse(trimmed) as Partial<LockOwner>;
    if (typeof value.pid !== 'number') return undefined;
    return { pid: value.pid, startedAt: Number(value.startedAt) || 0, nonce: String(value.nonce ?? '') };
  } catch {
    return undefined;
  }
}

/** The pid runs and, where the system tells start times, it is the process that took the lock. */
function isAlive(owner: LockOwner): boolean {
  if (!isRunning(owner.pid)) return false;
  if (owner.startedAt === 0) return true;
  const startedAt = processStartedAt(owner.pid);
  return startedAt === undefined || Math.abs(startedAt - owner.startedAt) <= 2_000;
}

function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** USER_HZ, the unit of /proc start times: 100 on every Linux Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * When a process started, epoch ms rounded to the second, from Linux's /proc (field 22 of /proc/<pid>/stat, clock
 * ticks after boot); undefined where there is no /proc.
 */
function processStartedAt(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): field 3 is the first of them.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const uptimeSeconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    if (!Number.isFinite(ticks) || !Number.isFinite(uptimeSeconds)) return undefined;
    const bootMs = Date.now() - uptimeSeconds * 1000;
    return Math.round((bootMs + (ticks / CLOCK_TICKS_PER_SECOND) * 1000) / 1000) * 1000;
  } catch {
    return undefined;
  }
}
