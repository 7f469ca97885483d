/**
 * The certificate worker's use case: render each recipient's certificate, store it, and then either settle the
 * recipient (`certificate` jobs) or hand the recipients on to the email worker with their certificates (`both`).
 * Rendering is deterministic (derived verification code, the run slot as issue date), so a redelivered message
 * writes the same bytes under the same key: certificates need no "never twice" claim, only their mail does.
 * Each certificate is entered in the registry (what `/verify` answers from) after it is stored and before its
 * recipient is settled or mailed, so a crash in between never leaves a delivered certificate that does not verify.
 * A name no font can print is not issued at all: the recipient fails with `unsupported_characters: U+… in <field>`
 * (permanent, so never retried), and nothing is stored, registered or handed to the email worker.
 */
import { buildVerificationUrl, type CertificateContent, type CertificateRenderer } from '#domain/certificate.js';
import { certificateKeyFor } from '#domain/certificate-key.js';
import { type CertificateRegistry, certificateRecordFor } from '#domain/certificate-registry.js';
import type { CertificateStore } from '#domain/certificate-store.js';
import type { JobCounts } from '#domain/cloud-job.js';
import { ValidationError } from '#domain/errors.js';
import type { JobStore } from '#domain/job-store.js';
import type { RecipientLedger, RecipientOutcome } from '#domain/recipient-ledger.js';
import type { Recipient } from '#domain/recipients.js';
import { isKnownTimeZone } from '#domain/time-zone.js';
import {
  formatCodePoint,
  UNSUPPORTED_CHARACTERS_REASON,
  UnsupportedCharactersError,
} from '#domain/unsupported-characters-error.js';
import { deriveVerificationCode } from '#domain/verification-code.js';
import { ledgerCoversJob } from '#domain/work-deadline.js';
import type { IssuedCertificate, WorkMessage, WorkQueue } from '#domain/work-message.js';
import type { JobCallbacks } from './job-callbacks.js';
import type { MessageOutcome } from './send-email-message.js';
import { settleRecipient } from './settle-recipient.js';

export interface IssueCertificatesDeps {
  renderer: CertificateRenderer;
  store: CertificateStore;
  /** Where issued certificates are recorded for verification. */
  registry: CertificateRegistry;
  ledger: RecipientLedger;
  jobs: JobStore;
  queue: WorkQueue;
  clock: () => number;
  /** Tells Moodle when a job this worker finishes is completed. @default no callbacks */
  callbacks?: JobCallbacks;
  settings: { verificationSecret: string; verificationBaseUrl: string; claimTimeoutSeconds: number };
}

export function makeIssueCertificates(deps: IssueCertificatesDeps) {
  const { ledger, jobs, clock, settings } = deps;

  return async function issueCertificates(message: WorkMessage): Promise<MessageOutcome> {
    const job = await jobs.getJob(message.jobId);
    if (job === undefined || job.status === 'cancelled') return skipAll(message);
    // A message worked this late could find its recipients' rows expired and mail them again: it is dropped.
    if (!ledgerCoversJob(job, ledger.retentionSeconds, settings.claimTimeoutSeconds, clock())) return 'done';
    const issued: IssuedCertificate[] = [];
    let retry = false;
    for (const recipient of message.recipients) {
      const certificate = await issueOne(message, recipient).catch((error: unknown) => {
        // Bad data for one recipient (a blank or unprintable name, say) fails that recipient, for good: a retry would
        // draw the same text with the same fonts. Anything else is transient.
        if (error instanceof UnsupportedCharactersError) {
          return failRecipient(message, recipient, unsupportedCharactersReason(error));
        }
        if (error instanceof ValidationError) return failRecipient(message, recipient, `certificate: ${error.message}`);
        throw error;
      });
      if (certificate === 'retry') retry = true;
      else if (certificate) issued.push(certificate);
    }
    if (message.actionType === 'both' && issued.length > 0) {
      const recipients = message.recipients.filter((r) => issued.some((c) => c.userId === r.userId));
      await deps.queue.sendAll([{ ...message, kind: 'email', recipients, certificates: issued }]);
    }
    return retry ? 'retry' : 'done';
  };

  /** Renders and stores; for `certificate` jobs also settles. Returns what the email worker needs for `both`. */
  async function issueOne(
    message: WorkMessage,
    recipient: Recipient,
  ): Promise<IssuedCertificate | 'retry' | undefined> {
    const verificationCode = deriveVerificationCode(settings.verificationSecret, message.jobId, recipient.userId);
    const key = certificateKeyFor({ ...message, userId: recipient.userId, verificationCode });
    const content = contentFor(message, recipient, verificationCode);
    const pdf = await deps.renderer.render(content);
    await deps.store.put(key, pdf, {
      'job-id': message.jobId,
      'user-id': String(recipient.userId),
      'verification-code': verificationCode,
    });
    await deps.registry.register(
      certificateRecordFor(content, {
        jobId: message.jobId,
        scheduleId: message.scheduleId,
        userId: recipient.userId,
        certificateKey: key,
      }),
    );
    if (message.actionType === 'both') return { userId: recipient.userId, key, verificationCode };

    const claim = await ledger.claim(message.jobId, recipient.userId, clock(), settings.claimTimeoutSeconds);
    if (claim.outcome === 'in_flight') return 'retry';
    if (claim.outcome === 'settled') return undefined;
    // A stale claim here only means an earlier render died; the document is identical, so it is simply done now.
    await settle(message, recipient, { status: 'sent', certificateKey: key, verificationCode }, { certificates: 1 });
    return undefined;
  }

  function contentFor(message: WorkMessage, recipient: Recipient, verificationCode: string): CertificateContent {
    return {
      recipientName: `${recipient.firstName} ${recipient.lastName}`.trim(),
      courseName: message.course?.fullName ?? message.siteName,
      siteName: message.siteName,
      issuedAt: message.runSlot,
      lang: recipient.lang,
      // Moodle's '99' (or a zone this runtime does not know) means the site's zone.
      timeZone: isKnownTimeZone(recipient.timeZone) ? recipient.timeZone : message.siteTimeZone,
      verificationCode,
      verificationUrl: buildVerificationUrl(settings.verificationBaseUrl, verificationCode),
    };
  }

  async function failRecipient(message: WorkMessage, recipient: Recipient, reason: string): Promise<undefined> {
    await claimAndSettle(message, recipient, { status: 'failed', lastError: reason });
    return undefined;
  }

  async function skipAll(message: WorkMessage): Promise<MessageOutcome> {
    for (const recipient of message.recipients) {
      await claimAndSettle(message, recipient, { status: 'skipped', lastError: 'job cancelled' });
    }
    return 'done';
  }

  /** Settles a recipient nobody else is working on (unclaimed, or a stale claim); leaves settled and live ones. */
  async function claimAndSettle(message: WorkMessage, recipient: Recipient, outcome: RecipientOutcome): Promise<void> {
    const claim = await ledger.claim(message.jobId, recipient.userId, clock(), settings.claimTimeoutSeconds);
    if (claim.outcome === 'claimed' || claim.outcome === 'stale_claim') await settle(message, recipient, outcome, {});
  }

  async function settle(
    message: WorkMessage,
    recipient: Recipient,
    outcome: RecipientOutcome,
    extraCounts: Partial<JobCounts>,
  ): Promise<void> {
    await settleRecipient(deps, { jobId: message.jobId, userId: recipient.userId }, outcome, extraCounts);
  }
}

/**
 * The recipient's failure reason for characters no font covers, as the dashboard and the status API show it:
 * the reason code, then the code points, then the field (`unsupported_characters: U+4E2D U+6587 in recipientName`).
 * Code points only, never the characters' context: the reason must not carry the learner's name.
 */
export function unsupportedCharactersReason(error: UnsupportedCharactersError): string {
  return `${UNSUPPORTED_CHARACTERS_REASON}: ${error.codePoints.map(formatCodePoint).join(' ')} in ${error.field}`;
}
