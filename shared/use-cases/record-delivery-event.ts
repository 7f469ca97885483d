/**
 * SES told us a sent mail bounced or drew a complaint: mark the recipient row and count it on the job, exactly once
 * per (row, kind) however often SNS delivers the event.
 *
 * Soft bounces: a `Transient` bounce is published only after SES has stopped retrying the message, so the mail did
 * not arrive. It is marked and counted as `bounced` like a permanent one; the row's `deliveryDetail`
 * (`Transient/MailboxFull`, `Permanent/General`, …) tells them apart. SES's account bounce rate (the reputation
 * metric the alarms watch) counts only hard bounces, so the job counter can be higher than what SES reports.
 */
import type { JobStore } from '#domain/job-store.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import type { DeliveryEvent } from '#domain/ses-event.js';

export interface RecordDeliveryEventDeps {
  ledger: RecipientLedger;
  jobs: JobStore;
  /** Epoch seconds. */
  clock: () => number;
}

/**
 * `recorded`: marked and counted now. `duplicate`: this (row, kind) was marked before (a redelivery); nothing
 * changed. `unknown_job` / `unknown_recipient`: no such job or row (expired by TTL, or another deployment's mail).
 */
export type RecordDeliveryOutcome = 'recorded' | 'duplicate' | 'unknown_job' | 'unknown_recipient';

/** Creates the use case the `ses-events` function runs for each bounce or complaint. */
export function makeRecordDeliveryEvent({ ledger, jobs, clock }: RecordDeliveryEventDeps) {
  return async function recordDeliveryEvent(event: DeliveryEvent): Promise<RecordDeliveryOutcome> {
    // Read first so an event for a job that does not exist never reaches a conditional write.
    if ((await jobs.getJob(event.jobId)) === undefined) return 'unknown_job';
    const now = clock();
    const marked = await ledger.markDelivery(
      event.jobId,
      event.userId,
      { kind: event.kind, detail: event.detail, at: event.occurredAt },
      now,
    );
    if (marked === 'no_row') return 'unknown_recipient';
    if (marked === 'already_marked') return 'duplicate';
    // Mark first, count second: a crash between the two leaves the counter one short (a recount of the rows'
    // `delivery` attribute restores it), whereas the other order would count a redelivered event twice.
    await jobs.addToCounts(event.jobId, event.kind === 'bounced' ? { bounced: 1 } : { complained: 1 }, now);
    return 'recorded';
  };
}
