/**
 * The registry of issued certificates: what `GET /verify/{code}` answers from. One record per verification code,
 * holding the text exactly as the certificate prints it, so that a verifier compares like with like. Pure: the
 * record is built here, stored by an adapter (DynamoDB in AWS).
 */
import { type CertificateContent, formatIssueDate } from './certificate.js';
import { ValidationError } from './errors.js';

/** One issued certificate, as the registry keeps it. */
export interface CertificateRecord {
  /** The canonical code (`7K3M-9QXH-2B4N-D8RT`): the record's key. */
  verificationCode: string;
  /** The recipient's name as printed (see {@link printedText}). */
  name: string;
  /** The course (or site) name as printed. */
  course: string;
  /** The issue date on the recipient's calendar, ISO `YYYY-MM-DD`. */
  issuedOn: string;
  /** The issue date in the words of the certificate's language (`16 avril 2026`). */
  issuedOnText: string;
  /** The moment of issue (the run slot), epoch seconds. */
  issuedAt: number;
  jobId: string;
  scheduleId: number;
  userId: number;
  /** Where the PDF is in the certificate store. */
  certificateKey: string;
}

/** Port: the registry (a DynamoDB table in AWS). */
export interface CertificateRegistry {
  /**
   * Records a certificate. Idempotent: a retried render registers the same record under the same code again.
   * @throws an adapter error when the store cannot be written (the caller retries the message).
   */
  register(record: CertificateRecord): Promise<void>;
  /** The record for a canonical code, or undefined when no certificate has it. */
  find(verificationCode: string): Promise<CertificateRecord | undefined>;
}

/**
 * Text as a certificate prints it: NFC, every run of white space or control characters as one space, trimmed. The
 * PDF renderer draws names through the same rule (shared/adapters/certificate/fit-text.ts), so the registry and the
 * paper say the same thing.
 */
export function printedText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
}

/**
 * The calendar day of `epochSeconds` in `timeZone`, as ISO `YYYY-MM-DD`: the day the certificate prints.
 * @throws ValidationError when `timeZone` is not a known zone.
 */
export function isoIssueDate(epochSeconds: number, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(epochSeconds * 1000);
  } catch (error) {
    throw new ValidationError('timeZone', timeZone, 'is not a known time zone', { cause: error });
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** Where a certificate came from: the job, the recipient and the stored document. */
export interface CertificateOrigin {
  jobId: string;
  scheduleId: number;
  userId: number;
  certificateKey: string;
}

/** The registry record for a certificate rendered from `content`. */
export function certificateRecordFor(content: CertificateContent, origin: CertificateOrigin): CertificateRecord {
  return {
    verificationCode: content.verificationCode,
    name: printedText(content.recipientName),
    course: printedText(content.courseName),
    issuedOn: isoIssueDate(content.issuedAt, content.timeZone),
    issuedOnText: formatIssueDate(content.issuedAt, content.lang, content.timeZone),
    issuedAt: content.issuedAt,
    ...origin,
  };
}
