/**
 * The port that keeps one row per (job, recipient) — the record that makes "never twice" hold. A worker claims a
 * recipient before it sends and records the outcome after; a claim that finds the row already claimed tells the
 * worker what happened before instead of letting it send again.
 */
import type { RecipientStatus, SettledCounts } from './cloud-job.js';
import type { Page, PageRequest } from './listing.js';
import type { RecipientFilter, RecipientView } from './recipient-view.js';
import type { DeliveryKind } from './ses-event.js';

export type ClaimResult =
  /** This worker owns the send now. `attempt` counts from 1. */
  | { outcome: 'claimed'; attempt: number }
  /** Already settled by an earlier delivery: do nothing. */
  | { outcome: 'settled'; status: RecipientStatus }
  /** Another worker's claim is still fresh: give the message back and look again later. */
  | { outcome: 'in_flight' }
  /** A claim went stale without an outcome: it may or may not have been sent. Mark it unconfirmed; never resend. */
  | { outcome: 'stale_claim'; attempt: number };

export interface RecipientOutcome {
  status: 'sent' | 'failed' | 'skipped' | 'unconfirmed';
  sesMessageId?: string;
  certificateKey?: string;
  verificationCode?: string;
  lastError?: string;
}

export interface RecipientLedger {
  /**
   * How long a row lives after its last write (seconds) before it may expire: every row of a job is still there
   * until `createdAt + retentionSeconds`, which is what lets a late message be refused (see `ledgerCoversJob`).
   */
  readonly retentionSeconds: number;
  /** Claims (job, user) for this attempt; a claim older than `claimTimeoutSeconds` counts as stale. */
  claim(jobId: string, userId: number, now: number, claimTimeoutSeconds: number): Promise<ClaimResult>;
  /** Settles a claimed row; false if the row was not in `sending` (someone else settled it). */
  settle(jobId: string, userId: number, outcome: RecipientOutcome, now: number): Promise<boolean>;
  /** Counts a job's rows by final status, and those carrying a certificate: the truth the job's counters mirror. */
  tally(jobId: string): Promise<SettledCounts>;
  /** Gives a claimed row back (a retryable failure such as throttling), keeping its attempt count. */
  release(jobId: string, userId: number, lastError: string, now: number): Promise<void>;
  /**
   * A job's recipient rows in ascending user id, one page at a time (none for an unknown job).
   * @throws InvalidListingParameterError on a bad `limit` or a cursor this ledger did not issue for this job.
   */
  listRecipients(jobId: string, filter: RecipientFilter, page: PageRequest): Promise<Page<RecipientView>>;
  /**
   * Records that the fan-out put `userIds` on the queue, in the page that started after `afterUserId` (one record
   * per page; recording the same page again only adds to it). The set of every recipient a job's work reached,
   * kept beside the rows so that those never claimed can be told apart once the work is gone.
   */
  recordFannedOut(jobId: string, afterUserId: number, userIds: readonly number[], now: number): Promise<void>;
  /** Every user id the fan-out recorded for the job, ascending, without duplicates. */
  listFannedOut(jobId: string): Promise<number[]>;
  /** Each row's user id and status (strongly consistent). */
  readStatuses(jobId: string): Promise<Map<number, RecipientStatus>>;
  /**
   * Settles a recipient that was never claimed (no row, or a released `queued` row) as `unsent`; false when the row
   * is in any other status (a worker got to it after all).
   */
  markUnsent(jobId: string, userId: number, reason: string, now: number): Promise<boolean>;
  /** Makes an `unsent` row claimable again (`queued`), for a redrive; false when the row is not `unsent`. */
  reopenUnsent(jobId: string, userId: number, now: number): Promise<boolean>;
  /**
   * Records what SES later reported about a sent mail (bounce or complaint) on the row, once per (row, kind):
   * `marked` the first time, `already_marked` for a redelivered event, `no_row` when there is no such recipient.
   */
  markDelivery(jobId: string, userId: number, mark: DeliveryMark, now: number): Promise<MarkDeliveryResult>;
}

/** A bounce or complaint as the recipient row keeps it. */
export interface DeliveryMark {
  kind: DeliveryKind;
  /** Bounce `type/subType` or complaint feedback type; never an address. */
  detail: string;
  /** When SES reported it, epoch seconds. */
  at: number;
}

export type MarkDeliveryResult = 'marked' | 'already_marked' | 'no_row';
