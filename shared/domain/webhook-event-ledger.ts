/**
 * The port that remembers which webhook events were accepted, by Moodle's event id, so a redelivery changes
 * nothing twice (DynamoDB in AWS: a conditional put on the id; entries expire after a retention period).
 */
import type { WebhookEventType } from './webhook-event.js';

/** What is kept of an accepted event. Times are epoch seconds except `occurredAtMs`. */
export interface WebhookEventRecord {
  eventId: string;
  type: WebhookEventType;
  scheduleId: number;
  occurredAtMs: number;
  receivedAt: number;
  /** What the event did, for support: e.g. `applied`, `stale`, `cancelled:schedule-4-slot-…`. */
  outcome: string;
  /** When the entry may be forgotten; a redelivery later than this would be applied again. */
  expiresAt: number;
}

export interface WebhookEventLedger {
  /** Whether an event with this id was already accepted. */
  has(eventId: string): Promise<boolean>;
  /** Records the event unless its id is already there; false when it was (a concurrent delivery won). */
  recordOnce(record: WebhookEventRecord): Promise<boolean>;
}
