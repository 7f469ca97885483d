/**
 * FAULT INJECTION — the only stand-ins in the pipeline tests, each for a fault no local server can produce on cue:
 * a process dying between two calls, SES throttling or rejecting one message, DynamoDB failing one write. Every
 * wrapper delegates to the REAL adapter for everything it does not fault.
 */
import { DynamoStoreError } from '#adapters/dynamodb/dynamo-errors.js';
import type { JobStore } from '#domain/job-store.js';
import { type Mailer, MailRejectedError, MailThrottledError, type OutgoingEmail } from '#domain/mailer.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';

/** Thrown where a real process would have died; nothing in the code under test knows this class. */
export class CrashError extends Error {
  override name = 'CrashError';
}

/** The user a mail is for, from the correlation header the worker sets on every mail. */
export function userOf(email: OutgoingEmail): number {
  return Number(email.headers?.['X-ManiReports-User']);
}

/**
 * The planner dies after sending page `pageNumber` (1-based) but before recording it: `recordFanoutPage` throws
 * instead of writing, so the page is on the queue and the cursor has not moved.
 */
export function crashBeforeRecordingPage(jobs: JobStore, pageNumber: number): JobStore {
  let pages = 0;
  return {
    ...jobs,
    async recordFanoutPage(jobId, owner, page) {
      pages += 1;
      if (pages === pageNumber) throw new CrashError(`planner died before recording page ${pageNumber}`);
      return jobs.recordFanoutPage(jobId, owner, page);
    },
  };
}

/**
 * The email worker's process dies while handling `userId`: before calling SES (`afterSend: false`) or right after
 * SES accepted the mail (`afterSend: true`). A killed Lambda never returns, so the call never settles and the
 * invocation is abandoned — throwing instead would be caught by the worker as an ordinary send failure, which is a
 * different path. `died` resolves once the process is "dead" (after the real send, for `afterSend`).
 */
export function dyingMailer(real: Mailer, userId: number, afterSend: boolean): { mailer: Mailer; died: Promise<void> } {
  let markDead: () => void = () => undefined;
  const died = new Promise<void>((resolve) => {
    markDead = resolve;
  });
  let dead = false;
  return {
    died,
    mailer: {
      async send(email) {
        if (dead || userOf(email) !== userId) return real.send(email);
        dead = true;
        if (afterSend) await real.send(email);
        markDead();
        return new Promise<never>(() => undefined);
      },
    },
  };
}

/** SES throttles the first `times` sends (SES local never throttles); then every send goes to the real SES. */
export function throttlingMailer(real: Mailer, times: number): Mailer {
  let throttled = 0;
  return {
    async send(email) {
      if (throttled < times) {
        throttled += 1;
        throw new MailThrottledError({ cause: new Error('injected TooManyRequestsException') });
      }
      return real.send(email);
    },
  };
}

/** SES rejects every mail to `userId` for good (SES local accepts anything); the rest go to the real SES. */
export function rejectingMailer(real: Mailer, userId: number): Mailer {
  return {
    async send(email) {
      if (userOf(email) === userId) throw new MailRejectedError('MessageRejected');
      return real.send(email);
    },
  };
}

/**
 * DynamoDB fails the write that records `userId`'s outcome, once, as the real ledger reports a failed call (dynalite
 * cannot be made to fail one chosen write). The mail has already gone out when this happens.
 */
export function failingSettleLedger(real: RecipientLedger, userId: number): RecipientLedger {
  let failed = false;
  return {
    ...real,
    async settle(jobId, user, outcome, now) {
      if (!failed && user === userId) {
        failed = true;
        throw new DynamoStoreError('UpdateItem', 'recipients', { cause: new Error('injected: connection reset') });
      }
      return real.settle(jobId, user, outcome, now);
    },
  };
}

/**
 * A send to `userId` fails with `error` (SES local neither times out nor drops connections on cue); after
 * `afterSend: true` the real SES has accepted the mail first, as when a response is lost on the way back.
 */
export function failingMailer(real: Mailer, userId: number, error: Error, afterSend: boolean, times = 1): Mailer {
  let failures = 0;
  return {
    async send(email) {
      if (failures >= times || userOf(email) !== userId) return real.send(email);
      failures += 1;
      if (afterSend) await real.send(email);
      throw error;
    },
  };
}

/** The worker dies right after settling a recipient, before adding it to the job's counters (once). */
export function crashBeforeCounting(jobs: JobStore): JobStore {
  let crashed = false;
  return {
    ...jobs,
    async addToCounts(jobId, delta, now) {
      if (!crashed) {
        crashed = true;
        throw new CrashError('worker died between settling a recipient and counting it');
      }
      return jobs.addToCounts(jobId, delta, now);
    },
  };
}
