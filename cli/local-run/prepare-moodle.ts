/**
 * The Moodle database of a local run: a real one by URL, or the demo, loaded once into a PGlite directory under the
 * run's state so that the planner can open it by URL like any other. The run reads the schedules' names first (for
 * the summary), then closes it again: a PGlite directory is open in one place at a time, and the planner opens it.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openMoodleBridge } from '#adapters/moodle/open-moodle-bridge.js';
import { loadDemoMoodleInto } from '#adapters/moodle-demo/load-demo-moodle.js';

export interface PreparedMoodle {
  /** The URL the planner opens. */
  url: string;
  /** Safe to print. */
  description: string;
  /** Enabled schedules' names by id. */
  scheduleNames: Map<number, string>;
}

export async function prepareMoodle(
  target: { moodleDbUrl: string | undefined; demoMoodleDir: string | undefined; prefix: string },
  roleArchetypes: readonly string[],
  progress: (line: string) => void,
): Promise<PreparedMoodle> {
  let url = target.moodleDbUrl;
  if (url === undefined) {
    const dir = target.demoMoodleDir as string;
    url = `pglite://${dir}`;
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      progress(`Loading the demo Moodle database into ${dir} (once)…`);
      // PGlite creates the database folder, not its parents.
      await mkdir(dirname(dir), { recursive: true });
      await loadDemoMoodleInto(url, { prefix: target.prefix });
    }
  }
  const bridge = await openMoodleBridge(url, { prefix: target.prefix, roleArchetypes });
  try {
    const schedules = await bridge.listEnabledSchedules();
    return {
      url,
      description: bridge.description,
      scheduleNames: new Map(schedules.map((schedule) => [schedule.id, schedule.name])),
    };
  } finally {
    await bridge.close();
  }
}
