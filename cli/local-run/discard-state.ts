/**
 * `run --fresh`: starts over by discarding a target's local state — jobs, the recipient ledger, the planner's record
 * of which runs were sent, queued work, stored certificates and mail, and the demo Moodle database — after saying
 * what that throws away, since the next plan then sends every due run again. The run folders (`runs/`) stay.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StatePaths } from './local-run-paths.js';
import { countJobs } from './read-local-state.js';
import { findUnfinishedJobs, workLeft } from './resume-interrupted-jobs.js';
import { startLocalStack } from './start-local-stack.js';

/** The caller holds the state folder's lock. */
export async function discardState(paths: StatePaths, progress: (line: string) => void): Promise<void> {
  if (!(await exists(paths.dynamoDir)) && !(await exists(paths.storageDir))) {
    progress(`--fresh: there is no local state in ${paths.stateDir} to discard.`);
    return;
  }
  const stack = await startLocalStack({
    dynamoDir: paths.dynamoDir,
    storageDir: paths.storageDir,
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 5,
  });
  let jobs: number;
  let unfinished: Awaited<ReturnType<typeof findUnfinishedJobs>>;
  try {
    jobs = await countJobs(stack);
    unfinished = await findUnfinishedJobs(stack);
  } finally {
    await stack.stop();
  }
  const left = workLeft(unfinished);
  const unfinishedNote =
    unfinished.length === 0
      ? ''
      : ` (${unfinished.length} not finished: ${left.emails} emails and ${left.certificates} certificates they` +
        ' still had to make are dropped)';
  progress(
    `--fresh: discarding the local state in ${paths.stateDir}: ${jobs} job(s)${unfinishedNote}, the record of` +
      ' which recipients were mailed and which runs were sent, queued work, stored certificates and mail' +
      `${paths.demoMoodleDir ? ', and the demo Moodle database' : ''}. Every due run is planned again and its` +
      ' recipients are mailed again. Earlier run folders under runs/ are kept.',
  );
  for (const dir of [paths.dynamoDir, paths.storageDir, paths.demoMoodleDir]) {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
  await rm(generationFile(paths.stateDir), { force: true });
}

/**
 * A random name for the state's current life, made when the state is new: run folders record it, so the files of
 * runs before a `--fresh` are not taken for this state's.
 */
export async function stateGeneration(stateDir: string): Promise<string> {
  const file = generationFile(stateDir);
  const existing = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (existing !== '') return existing;
  const generation = randomUUID();
  await writeFile(file, `${generation}\n`);
  return generation;
}

function generationFile(stateDir: string): string {
  return join(stateDir, 'generation');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
