/**
 * The email worker's use case: one queue message, several recipients, each handled on its own so that one bad
 * recipient never holds back the others. "Never twice": a recipient is claimed before the send and settled after;
 * a claim found stale means an earlier attempt died between the two, so it is marked `unconfirmed`, not resent.
 */
import type { CloudJob } from '#domain/cloud-job.js';
import type { EmailTemplate } from '#domain/email-template.js';
import type { JobStore } from '#domain/job-store.js';
import {
  MailBlockedError,
  type Mailer,
  MailNotSentError,
  MailRejectedError,
  MailThrottledError,
  type OutgoingEmail,
} from '#domain/mailer.js';
import type { RecipientLedger, RecipientOutcome } from '#domain/recipient-ledger.js';
import type { Recipient } from '#domain/recipients.js';
import { ledgerCoversJob } from '#domain/work-deadline.js';
import type { WorkMessage } from '#domain/work-message.js';
import { composeReminder, type ReminderLinks } from './compose-reminder.js';
import type { JobCallbacks } from './job-callbacks.js';
import { settleRecipient } from './settle-recipient.js';

export interface SendEmailSettings {
  from: string;
  /** A claim older than this is stale: its worker died. Set it above the queue's visibility timeout. */
  claimTimeoutSeconds: number;
  /** Transient failures (not throttling) before a recipient is failed for good. */
  maxAttempts: number;
  /** Throttled sends retried in-process, with backoff, before the message goes back to the queue. */
  throttleRetries: number;
}

export interface SendEmailDeps {
  ledger: RecipientLedger;
  jobs: JobStore;
  mailer: Mailer;
  /**
   * The template for a message: the one its job captured from the schedule at claim (`job.template`), else the
   * action's default. `job` is undefined when the job is gone.
   */
  templateFor: (message: WorkMessage, job: CloudJob | undefined) => Promise<EmailTemplate>;
  links: ReminderLinks;
  /** Waits for a send-rate token; resolves when this process may send one more email. */
  awaitSendSlot: () => Promise<void>;
  /** Waits before throttle retry `attempt` (0-based). */
  backOff: (attempt: number) => Promise<void>;
  clock: () => number;
  /** Tells Moodle when a job this worker finishes is completed. @default no callbacks */
  callbacks?: JobCallbacks;
  settings: SendEmailSettings;
}

/** `retry`: some recipients are not settled yet; give the message back to the queue. */
export type MessageOutcome = 'done' | 'retry';

type RecipientResult = { retry: boolean };

export function makeSendEmailMessage(deps: SendEmailDeps) {
  const { ledger, jobs, mailer, clock, settings } = deps;

  /** @throws MailBlockedError when the provider refuses all sending: stop the batch, keep the messages queued. */
  return async function sendEmailMessage(message: WorkMessage): Promise<MessageOutcome> {
    const job = await jobs.getJob(message.jobId);
    // A message worked this late could find its recipients' rows expired and mail them again: it is dropped.
    if (job && !ledgerCoversJob(job, ledger.retentionSeconds, settings.claimTimeoutSeconds, clock())) return 'done';
    const cancelled = job === undefined || job.status === 'cancelled';
    const template = await deps.templateFor(message, job);
    let retry = false;
    for (const recipient of message.recipients) {
      const result = await handleRecipient(message, recipient, template, cancelled);
      retry ||= result.retry;
    }
    return retry ? 'retry' : 'done';
  };

  async function handleRecipient(
    message: WorkMessage,
    recipient: Recipient,
    template: EmailTemplate,
    cancelled: boolean,
  ): Promise<RecipientResult> {
    const claim = await ledger.claim(message.jobId, recipient.userId, clock(), settings.claimTimeoutSeconds);
    switch (claim.outcome) {
      case 'settled':
        return { retry: false };
      case 'in_flight':
        return { retry: true };
      case 'stale_claim':
        return settle(message, recipient, { status: 'unconfirmed', lastError: 'claimed but never recorded' });
      case 'claimed':
        if (cancelled) return settle(message, recipient, { status: 'skipped', lastError: 'job cancelled' });
        return sendClaimed(message, recipient, template, claim.attempt);
    }
  }

  async function sendClaimed(
    message: WorkMessage,
    recipient: Recipient,
    template: EmailTemplate,
    attempt: number,
  ): Promise<RecipientResult> {
    const email = await composeReminder({ message, recipient, template, links: deps.links, from: settings.from });
    let messageId: string;
    try {
      messageId = await sendWithThrottleRetries(email);
    } catch (error) {
      return handleSendFailure(message, recipient, attempt, error);
    }
    // Outside the try on purpose: if recording fails after SES accepted the mail, the claim must stay `sending`
    // (it turns `unconfirmed` once stale), never be released for a second send.
    return settle(message, recipient, { status: 'sent', sesMessageId: messageId });
  }

  async function sendWithThrottleRetries(email: OutgoingEmail): Promise<string> {
    for (let throttled = 0; ; throttled += 1) {
      try {
        await deps.awaitSendSlot();
        return (await mailer.send(email)).messageId;
      } catch (error) {
        if (!(error instanceof MailThrottledError) || throttled >= settings.throttleRetries) throw error;
        await deps.backOff(throttled);
      }
    }
  }

  async function handleSendFailure(
    message: WorkMessage,
    recipient: Recipient,
    attempt: number,
    error: unknown,
  ): Promise<RecipientResult> {
    if (error instanceof MailThrottledError) return release(message, recipient, 'throttled');
    if (error instanceof MailRejectedError) {
      return settle(message, recipient, { status: 'failed', lastError: `rejected: ${error.reason}` });
    }
    if (error instanceof MailBlockedError) {
      await ledger.release(message.jobId, recipient.userId, `blocked: ${error.reason}`, clock());
      throw error;
    }
    if (error instanceof MailNotSentError) {
      if (attempt < settings.maxAttempts) return release(message, recipient, error.reason);
      const lastError = `gave up after ${attempt} attempts: ${error.reason}`;
      return settle(message, recipient, { status: 'failed', lastError });
    }
    // A timeout or a reset after the request left: SES may have accepted the mail, and sending again could mail
    // the person twice. The outcome is recorded as unknown, for an administrator to look at.
    const reason = error instanceof Error ? error.name : 'unknown error';
    return settle(message, recipient, { status: 'unconfirmed', lastError: `send outcome unknown: ${reason}` });
  }

  async function settle(
    message: WorkMessage,
    recipient: Recipient,
    outcome: RecipientOutcome,
  ): Promise<RecipientResult> {
    // For `both`, the certificate this mail carries is recorded (and counted) with the recipient's outcome.
    const certificate = message.certificates?.find((issued) => issued.userId === recipient.userId);
    const withCertificate = certificate
      ? { ...outcome, certificateKey: certificate.key, verificationCode: certificate.verificationCode }
      : outcome;
    const target = { jobId: message.jobId, userId: recipient.userId };
    await settleRecipient(deps, target, withCertificate, certificate ? { certificates: 1 } : {});
    return { retry: false };
  }

  async function release(message: WorkMessage, recipient: Recipient, reason: string): Promise<RecipientResult> {
    await ledger.release(message.jobId, recipient.userId, reason, clock());
    return { retry: true };
  }
}
