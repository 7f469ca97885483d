/**
 * The schedule-change events Moodle posts to `POST /webhooks/moodle` (contract: docs/moodle-webhook.md, schema:
 * docs/webhook-event.schema.json), after they have been parsed and checked.
 */
import type { Schedule } from './schedule.js';

export const WEBHOOK_EVENT_TYPES = [
  'schedule.created',
  'schedule.updated',
  'schedule.deleted',
  'schedule.run_now',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The largest body accepted, in bytes: a schedule row and two templates fit many times over. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

/** Per-schedule email templates Moodle may send with a schedule; absent means "use the default". */
export interface ScheduleTemplate {
  subject?: string;
  message?: string;
}

interface EventEnvelope {
  /** Moodle's unique id for this event; a redelivery carries the same id. */
  id: string;
  /** When the change happened in Moodle, epoch milliseconds (from the ISO-8601 `occurredAt`). */
  occurredAtMs: number;
  /** `occurredAt` as Moodle sent it. */
  occurredAt: string;
}

/** An event carrying the whole schedule row. */
export interface ScheduleStateEvent extends EventEnvelope {
  type: 'schedule.created' | 'schedule.updated' | 'schedule.run_now';
  schedule: Schedule;
  template: ScheduleTemplate;
}

/** A deleted schedule: only its id is needed (Moodle may send the whole row; the rest is ignored). */
export interface ScheduleDeletedEvent extends EventEnvelope {
  type: 'schedule.deleted';
  scheduleId: number;
}

export type ScheduleEvent = ScheduleStateEvent | ScheduleDeletedEvent;

/** The schedule id of any event. */
export function scheduleIdOf(event: ScheduleEvent): number {
  return event.type === 'schedule.deleted' ? event.scheduleId : event.schedule.id;
}
