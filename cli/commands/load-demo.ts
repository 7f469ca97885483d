/** `load-demo`: puts the demo Moodle tables and data into an empty PostgreSQL or MySQL/MariaDB database. */
import { loadDemoMoodleInto } from '#adapters/moodle-demo/load-demo-moodle.js';
import type { CliIo } from '../cli-io.js';
import { MOODLE_FLAGS } from '../open-moodle.js';
import { parseFlags, requireFlag } from '../parse-flags.js';

export async function runLoadDemo(args: string[], io: CliIo): Promise<void> {
  const flags = parseFlags(args, MOODLE_FLAGS);
  const url = requireFlag(flags['moodle-db'], '--moodle-db');
  const summary = await loadDemoMoodleInto(url, flags.prefix ? { prefix: flags.prefix } : {});
  io.out(`Loaded the demo Moodle into ${summary.database}: ${summary.users} users, ${summary.schedules} schedules.`);
}
