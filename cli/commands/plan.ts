/** `plan`: what the planner would do now (or at --at) for every enabled schedule. Sends nothing. */
import { readPlannerSettings } from '#config/planner-settings.js';
import { makePreviewPlan } from '#use-cases/preview-plan.js';
import type { CliIo } from '../cli-io.js';
import { MOODLE_FLAGS, withMoodleBridge } from '../open-moodle.js';
import { parseFlags } from '../parse-flags.js';
import { parseTime } from '../parse-time.js';
import { renderPlanJson, renderPlanText } from '../render-plan.js';

const FLAGS = { ...MOODLE_FLAGS, at: { type: 'string' }, json: { type: 'boolean', default: false } } as const;

export async function runPlan(args: string[], io: CliIo): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  const at = flags.at === undefined ? io.now() : parseTime(flags.at, '--at');
  const settings = readPlannerSettings(io.env);

  await withMoodleBridge(flags, settings, io, async (bridge) => {
    const plan = await makePreviewPlan({ bridge, settings })(at);
    if (flags.json) io.out(JSON.stringify(renderPlanJson(plan, settings.cloudThreshold), null, 2));
    else for (const line of renderPlanText(plan, settings.cloudThreshold)) io.out(line);
  });
}
