/** Small helpers for the bridge suites: turning schedule rows into audience queries and streams into id lists. */
import type { AudienceSchedule, MoodleBridge, RecipientPage } from '#domain/moodle-bridge.js';
import type { ExclusionReason } from '#domain/recipients.js';
import { ACTION_TYPES, type ActionType, type ScheduleRecord } from '#domain/schedule.js';
import type { ExpectedAudience } from './demo-expectations.js';

/** The audience-relevant part of a schedule row (the bridge does not care whether the rest is valid). */
export function asAudienceSchedule(record: ScheduleRecord): AudienceSchedule {
  if (!(ACTION_TYPES as readonly string[]).includes(record.actionType)) {
    throw new Error(`schedule ${record.id} has action ${record.actionType}`);
  }
  const { id, courseId, userId, suppressTarget, suppressCourseCompletion } = record;
  return {
    id,
    courseId,
    userId,
    suppressTarget,
    suppressCourseCompletion,
    actionType: record.actionType as ActionType,
  };
}

/** An ad-hoc schedule: a course-3 email schedule without suppression unless overridden. */
export function adHocSchedule(overrides: Partial<AudienceSchedule> = {}): AudienceSchedule {
  return {
    id: 900,
    courseId: 3,
    userId: 2,
    actionType: 'email',
    suppressTarget: 0,
    suppressCourseCompletion: false,
    ...overrides,
  };
}

/** A streamed audience, flattened. */
export interface CollectedAudience extends ExpectedAudience {
  pages: RecipientPage[];
}

/** Reads the whole stream; ids keep stream order so callers can check sorting and duplicates. */
export async function collectAudience(
  bridge: MoodleBridge,
  schedule: AudienceSchedule,
  at: number,
  pageSize?: number,
): Promise<CollectedAudience> {
  const collected: CollectedAudience = { eligible: [], excluded: {}, pages: [] };
  for await (const page of bridge.streamAudience({ schedule, at }, pageSize === undefined ? {} : { pageSize })) {
    collected.pages.push(page);
    collected.eligible.push(...page.recipients.map((recipient) => recipient.userId));
    for (const { userId, reason } of page.excluded) {
      const ids = collected.excluded[reason as ExclusionReason] ?? [];
      ids.push(userId);
      collected.excluded[reason as ExclusionReason] = ids;
    }
  }
  return collected;
}

/** Comparable shape: drops the pages. */
export function idsOnly({ eligible, excluded }: CollectedAudience): ExpectedAudience {
  return { eligible, excluded };
}
