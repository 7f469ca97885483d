/**
 * The port the email worker sends mail through, and the three ways a send can fail that the worker must tell apart.
 */
import { AppError } from './errors.js';

/** A file sent with a mail, e.g. the certificate PDF for action `both`. */
export interface MailAttachment {
  filename: string;
  /** MIME type, e.g. `application/pdf`. */
  contentType: string;
  content: Uint8Array;
}

/** One message to one recipient. Addresses are personal data: never log them. */
export interface OutgoingEmail {
  /** Sender, a bare address or `"Display Name" <address>`. */
  from: string;
  /** The recipient's bare address. */
  to: string;
  subject: string;
  text: string;
  /** Present only when the recipient reads HTML mail. */
  html?: string;
  attachments?: MailAttachment[];
  /** Extra headers, e.g. an `X-…` correlation id. */
  headers?: Record<string, string>;
}

/**
 * Sends mail. Failures are {@link MailThrottledError}, {@link MailRejectedError}, {@link MailBlockedError},
 * {@link MailNotSentError} (transient, and certainly not sent), or anything else: a failure whose outcome is unknown
 * (a timeout after the request left, a reset connection), where the provider may have accepted the mail.
 */
export interface Mailer {
  send(message: OutgoingEmail): Promise<{ messageId: string }>;
}

/** The provider refused for now because of its send rate or quota: wait (see `backoffDelay`) and try again. It is
 * not a failure of the recipient. */
export class MailThrottledError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super('the mail provider throttled the send; retry after a delay', options);
  }
}

/** This one message was refused for good (bad address, rejected content): fail this recipient, do not retry. */
export class MailRejectedError extends AppError {
  /** @param reason A short code such as the provider's error name; never the address. */
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`the mail provider rejected the message: ${reason}`, options);
  }
}

/**
 * The sending account or its configuration blocks every message (account suspended or paused, sender domain not
 * verified, configuration set missing). No recipient is at fault and a retry per recipient cannot help: stop
 * sending, keep the work queued, and alert an operator.
 */
export class MailBlockedError extends AppError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`the mail provider blocks all sending: ${reason}`, options);
  }
}

/**
 * A transient failure after which the mail was certainly not accepted (the provider answered with a server error,
 * or the connection was refused before anything was sent): safe to retry without risking a second mail.
 */
export class MailNotSentError extends AppError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`the mail was not sent: ${reason}`, options);
  }
}
