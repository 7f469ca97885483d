/**
 * One local run per state folder at a time: two runs would open the same LevelDB and the same PGlite directory,
 * which neither tolerates. The lock is a file holding the owner's pid; one left by a run that died is taken over.
 */
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalRunError } from './local-run-error.js';

/** Takes the lock on `stateDir`; call the returned function to release it. */
export async function lockStateDir(stateDir: string): Promise<() => Promise<void>> {
  await mkdir(stateDir, { recursive: true });
  const lockFile = join(stateDir, 'run.lock');
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return () => unlink(lockFile).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (isRunning(owner)) {
      throw new LocalRunError(`another local run (pid ${owner}) is using ${stateDir}; wait for it to finish`);
    }
    await unlink(lockFile).catch(() => undefined);
  }
  throw new LocalRunError(`could not lock ${stateDir}: ${lockFile} keeps coming back`);
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
