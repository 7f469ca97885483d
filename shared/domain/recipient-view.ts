/**
 * One recipient of a job as the status API shows it: the Moodle user id and what happened, never an address or a
 * name (Moodle already has those, and the cloud keeps none).
 */
import type { RecipientStatus } from './cloud-job.js';

/** What SES reported after a send: the mail bounced, or the recipient marked it as spam. */
export const DELIVERY_EVENTS = ['bounced', 'complained'] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];

export interface RecipientView {
  userId: number;
  status: RecipientStatus;
  /** Claims so far (0 for a row not yet claimed). */
  attempts: number;
  /** Why the recipient failed, was skipped or is waiting for a retry (masked of any address). */
  reason?: string;
  /** When the row last changed, ISO-8601 UTC. */
  updatedAt?: string;
  /** Set by the SES events handler when the sent mail bounced or drew a complaint. */
  delivery?: DeliveryEvent;
}

/** Which of a job's recipients to list. */
export interface RecipientFilter {
  status?: RecipientStatus;
}
