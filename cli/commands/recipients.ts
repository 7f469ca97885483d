/** `recipients`: who one schedule reaches, and who it leaves out and why. */
import { readPlannerSettings } from '#config/planner-settings.js';
import { EXCLUSION_REASONS, type ExclusionReason } from '#domain/recipients.js';
import { makeListRecipients } from '#use-cases/list-recipients.js';
import type { CliIo } from '../cli-io.js';
import { MOODLE_FLAGS, withMoodleBridge } from '../open-moodle.js';
import { parseFlags, parseWholeNumber, requireFlag } from '../parse-flags.js';
import { parseTime } from '../parse-time.js';
import { escapeForTerminal } from '../terminal-text.js';

const FLAGS = {
  ...MOODLE_FLAGS,
  schedule: { type: 'string' },
  at: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export async function runRecipients(args: string[], io: CliIo): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  const scheduleId = parseWholeNumber(requireFlag(flags.schedule, '--schedule'), '--schedule', 1);
  const at = flags.at === undefined ? io.now() : parseTime(flags.at, '--at');
  const settings = readPlannerSettings(io.env);

  await withMoodleBridge(flags, settings, io, async (bridge) => {
    const { schedule, pages } = await makeListRecipients({ bridge })(scheduleId, at);
    const eligible: number[] = [];
    const excluded = new Map<ExclusionReason, number[]>(EXCLUSION_REASONS.map((reason) => [reason, []]));
    for await (const page of pages) {
      for (const recipient of page.recipients) eligible.push(recipient.userId);
      for (const user of page.excluded) excluded.get(user.reason)?.push(user.userId);
    }

    if (flags.json) {
      io.out(JSON.stringify({ scheduleId: schedule.id, at, eligible, excluded: Object.fromEntries(excluded) }));
      return;
    }
    io.out(`Schedule #${schedule.id} "${escapeForTerminal(schedule.name)}" · action ${schedule.actionType}`);
    io.out(`eligible (${eligible.length}): ${eligible.join(' ')}`);
    for (const [reason, userIds] of excluded) {
      if (userIds.length > 0) io.out(`excluded ${reason} (${userIds.length}): ${userIds.join(' ')}`);
    }
  });
}
