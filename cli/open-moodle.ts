/** Opens the Moodle database a command names with --moodle-db, or the embedded demo, and always closes it. */

import { openMoodleBridge } from '#adapters/moodle/open-moodle-bridge.js';
import { openDemoMoodleBridge } from '#adapters/moodle-demo/open-demo-moodle-bridge.js';
import type { PlannerSettings } from '#config/planner-settings.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import type { CliIo } from './cli-io.js';

export const MOODLE_FLAGS = {
  'moodle-db': { type: 'string' },
  prefix: { type: 'string' },
} as const;

export interface MoodleFlags {
  'moodle-db'?: string | undefined;
  prefix?: string | undefined;
}

export async function withMoodleBridge(
  flags: MoodleFlags,
  settings: Pick<PlannerSettings, 'roleArchetypes'>,
  io: CliIo,
  work: (bridge: MoodleBridge) => Promise<void>,
): Promise<void> {
  const options = { roleArchetypes: settings.roleArchetypes, ...(flags.prefix ? { prefix: flags.prefix } : {}) };
  let bridge: MoodleBridge;
  if (flags['moodle-db']) {
    bridge = await openMoodleBridge(flags['moodle-db'], options);
  } else {
    io.err('No --moodle-db given: starting the embedded demo Moodle database (PGlite, in memory)…');
    bridge = await openDemoMoodleBridge(options);
  }
  try {
    await work(bridge);
  } finally {
    await bridge.close();
  }
}
