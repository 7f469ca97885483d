/** `next-runs`: when a recurrence fires next, for an admin checking a schedule before saving it. */
import { ValidationError } from '#domain/errors.js';
import { listRunsAfter } from '#domain/run-slots.js';
import { isKnownTimeZone } from '#domain/time-zone.js';
import { parseRecurrence } from '#domain/validate-schedule.js';
import type { CliIo } from '../cli-io.js';
import { formatInstant } from '../format-time.js';
import { parseFlags, parseWholeNumber, requireFlag } from '../parse-flags.js';
import { parseTime } from '../parse-time.js';
import { UsageError } from '../usage-error.js';

const FLAGS = {
  frequency: { type: 'string' },
  interval: { type: 'string' },
  anchor: { type: 'string' },
  after: { type: 'string' },
  tz: { type: 'string' },
  count: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** The flag each domain field came from, so a rule broken in the domain is reported as the admin typed it. */
const FLAG_OF_FIELD: Record<string, string> = { frequency: '--frequency', custom_interval: '--interval' };

export async function runNextRuns(args: string[], io: CliIo): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  const timeZone = requireFlag(flags.tz, '--tz');
  if (!isKnownTimeZone(timeZone)) throw new UsageError(`--tz: "${timeZone}" is not a known time zone`);
  const interval = flags.interval === undefined ? 0 : parseWholeNumber(flags.interval, '--interval', 0);
  const recurrence = parseRecurrenceFlags(requireFlag(flags.frequency, '--frequency'), interval);
  const anchor = parseTime(requireFlag(flags.anchor, '--anchor'), '--anchor', timeZone);
  const after = flags.after === undefined ? io.now() : parseTime(flags.after, '--after', timeZone);
  const count = flags.count === undefined ? 5 : parseWholeNumber(flags.count, '--count', 1, 1000);

  const runs = listRunsAfter(recurrence, anchor, after, count, timeZone);

  if (flags.json) {
    io.out(JSON.stringify(runs.map((epoch) => ({ iso: formatInstant(epoch, timeZone), epoch }))));
  } else {
    for (const epoch of runs) io.out(formatInstant(epoch, timeZone));
  }
}

function parseRecurrenceFlags(frequency: string, interval: number) {
  try {
    return parseRecurrence(frequency, interval);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const flag = FLAG_OF_FIELD[error.field] ?? error.field;
    throw new UsageError(`${flag}: ${error.problem} (got ${JSON.stringify(error.value)})`, { cause: error });
  }
}
