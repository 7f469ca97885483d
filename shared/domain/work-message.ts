/**
 * What the planner puts on a queue and a worker takes off it: several recipients of one job per message, with
 * everything a worker needs so that it never reads Moodle, and enough context to replay it from a DLQ.
 */
import type { CourseInfo } from './moodle-bridge.js';
import type { Recipient } from './recipients.js';
import type { ActionType } from './schedule.js';

export const WORK_MESSAGE_VERSION = 1;

/** Recipients per message: keeps a message far under SQS's 256 KiB and a worker's batch short. */
export const RECIPIENTS_PER_MESSAGE = 25;

export interface WorkMessage {
  version: typeof WORK_MESSAGE_VERSION;
  kind: 'email' | 'certificate';
  jobId: string;
  scheduleId: number;
  scheduleName: string;
  runSlot: number;
  actionType: ActionType;
  course: CourseInfo | null;
  siteName: string;
  /** The site zone, for dates on certificates of recipients whose own zone is '99'. */
  siteTimeZone: string;
  recipients: Recipient[];
  /** For an `email` message of a `both` job: the certificates the certificate worker stored for its recipients. */
  certificates?: IssuedCertificate[];
}

/** A certificate stored for one recipient, as the email worker links or attaches it. */
export interface IssuedCertificate {
  userId: number;
  /** Object key in the certificate bucket. */
  key: string;
  verificationCode: string;
}

/** Splits recipients into message-sized groups. */
export function packRecipients(recipients: readonly Recipient[], size = RECIPIENTS_PER_MESSAGE): Recipient[][] {
  const groups: Recipient[][] = [];
  for (let start = 0; start < recipients.length; start += size) groups.push(recipients.slice(start, start + size));
  return groups;
}

/** The port to the queues (SQS in AWS). */
export interface WorkQueue {
  /** Sends every message, in as few calls as the queue allows; throws only when some could not be sent. */
  sendAll(messages: readonly WorkMessage[]): Promise<void>;
}
