/**
 * Reads one Amazon SES event record (configuration-set event publishing, delivered through SNS) into what the
 * pipeline needs: which recipient row it concerns (the `jobId` and `userId` message tags the SES mailer sets) and
 * what happened. Addresses in the record are never read: the tags identify the row.
 */

import type { DeliveryEvent as RecipientDelivery } from './recipient-view.js';

/** What SES reported about a sent mail, as stored on the recipient row (and shown as `RecipientView.delivery`). */
export type DeliveryKind = RecipientDelivery;

/** The SES message tag names every SendEmail carries (see shared/adapters/email/ses-mailer.ts). */
export const SES_TAG_JOB_ID = 'jobId';
export const SES_TAG_USER_ID = 'userId';

/** A bounce or complaint that maps to one recipient row. */
export interface DeliveryEvent {
  kind: DeliveryKind;
  jobId: string;
  userId: number;
  /** Bounce `type/subType` (e.g. `Permanent/General`, `Transient/MailboxFull`) or the complaint feedback type. */
  detail: string;
  /** When SES reported it, epoch seconds. */
  occurredAt: number;
  /** SES's message id, for the log. */
  sesMessageId?: string;
}

/** Why a record was left alone. */
export type IgnoredReason = 'malformed' | 'untracked_event_type' | 'untagged';

export type ParsedSesEvent =
  | { outcome: 'event'; event: DeliveryEvent }
  | { outcome: 'ignored'; reason: IgnoredReason; eventType?: string; sesMessageId?: string };

/** SES writes timestamps as ISO-8601; an unreadable one falls back to "now" rather than dropping the event. */
function epochSeconds(iso: unknown, fallback: number): number {
  const millis = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(millis) ? Math.floor(millis / 1000) : fallback;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** The first value of a message tag (SES publishes each tag as an array of strings). */
function firstTag(tags: unknown, name: string): string | undefined {
  if (!isObject(tags)) return undefined;
  const values = tags[name];
  const first = Array.isArray(values) ? values[0] : values;
  return typeof first === 'string' && first.length > 0 ? first : undefined;
}

function describeBounce(bounce: Json): string {
  const type = typeof bounce.bounceType === 'string' ? bounce.bounceType : 'Undetermined';
  const subType = typeof bounce.bounceSubType === 'string' ? bounce.bounceSubType : 'Undetermined';
  return `${type}/${subType}`;
}

function describeComplaint(complaint: Json): string {
  // Feedback reports are optional: a complaint without one still counts (SES then sends no feedback type).
  if (typeof complaint.complaintFeedbackType === 'string') return complaint.complaintFeedbackType;
  if (typeof complaint.complaintSubType === 'string') return complaint.complaintSubType;
  return 'unspecified';
}

/**
 * Parses the SNS message body SES published.
 *
 * @param message the SNS `Message` string (JSON).
 * @param now epoch seconds, used only when SES's timestamp is unreadable.
 */
export function parseSesEvent(message: string, now: number): ParsedSesEvent {
  let record: unknown;
  try {
    record = JSON.parse(message);
  } catch {
    return { outcome: 'ignored', reason: 'malformed' };
  }
  if (!isObject(record) || !isObject(record.mail)) return { outcome: 'ignored', reason: 'malformed' };
  // `eventType` with event publishing; `notificationType` if someone points identity notifications here.
  const eventType = typeof record.eventType === 'string' ? record.eventType : record.notificationType;
  const sesMessageId = typeof record.mail.messageId === 'string' ? record.mail.messageId : undefined;
  const ignored = (reason: IgnoredReason): ParsedSesEvent => ({
    outcome: 'ignored',
    reason,
    ...(typeof eventType === 'string' ? { eventType } : {}),
    ...(sesMessageId === undefined ? {} : { sesMessageId }),
  });

  let kind: DeliveryKind;
  let details: Json;
  if (eventType === 'Bounce' && isObject(record.bounce)) {
    kind = 'bounced';
    details = record.bounce;
  } else if (eventType === 'Complaint' && isObject(record.complaint)) {
    kind = 'complained';
    details = record.complaint;
  } else if (eventType === 'Bounce' || eventType === 'Complaint') {
    return ignored('malformed');
  } else {
    return ignored('untracked_event_type');
  }

  const jobId = firstTag(record.mail.tags, SES_TAG_JOB_ID);
  const userTag = firstTag(record.mail.tags, SES_TAG_USER_ID);
  // Mail sent without our tags (a console test send, another sender on the configuration set) has no row.
  if (jobId === undefined || userTag === undefined || !/^[1-9]\d{0,15}$/.test(userTag)) return ignored('untagged');
  const userId = Number(userTag);
  if (!Number.isSafeInteger(userId)) return ignored('untagged');

  return {
    outcome: 'event',
    event: {
      kind,
      jobId,
      userId,
      detail: kind === 'bounced' ? describeBounce(details) : describeComplaint(details),
      occurredAt: epochSeconds(details.timestamp, now),
      ...(sesMessageId === undefined ? {} : { sesMessageId }),
    },
  };
}

/**
 * A tag value as SES accepts it (only `A-Z a-z 0-9 _ - . @`, at most 256 characters); anything else becomes `_`.
 * Job ids (`schedule-12-slot-1767225600`) and user ids pass through unchanged.
 */
export function toSesTagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);
}
