/**
 * Who one schedule would reach at a given moment, page by page, and who it leaves out and why.
 */
import { AppError } from '#domain/errors.js';
import type { MoodleBridge, RecipientPage } from '#domain/moodle-bridge.js';
import type { Schedule } from '#domain/schedule.js';
import { validateSchedule } from '#domain/validate-schedule.js';

/** The schedule id names no row in `manireports_schedules`. */
export class UnknownScheduleError extends AppError {
  constructor(readonly scheduleId: number) {
    super(`schedule ${scheduleId} does not exist`);
  }
}

export interface ScheduleAudience {
  schedule: Schedule;
  pages: AsyncIterable<RecipientPage>;
}

export function makeListRecipients({ bridge }: { bridge: MoodleBridge }) {
  return async function listRecipients(scheduleId: number, at: number, pageSize?: number): Promise<ScheduleAudience> {
    const record = await bridge.getSchedule(scheduleId);
    if (!record) throw new UnknownScheduleError(scheduleId);
    const schedule = validateSchedule(record);
    const pages = bridge.streamAudience({ schedule, at }, pageSize === undefined ? {} : { pageSize });
    return { schedule, pages };
  };
}
