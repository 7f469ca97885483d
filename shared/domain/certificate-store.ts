/**
 * The port that keeps rendered certificates (S3 in AWS) and hands out time-limited links to them.
 */
import { AppError } from './errors.js';

/** Keeps certificate documents. Keys come from `certificateKeyFor`. */
export interface CertificateStore {
  /**
   * Stores (or replaces) the document under `key`.
   *
   * @param metadata Small descriptive values kept with the object (job id, verification code …); any text, the
   *   adapter makes it safe for its transport. Never put an email address here.
   * @throws ValidationError for a bad key or metadata; CertificateStoreError when the store fails.
   */
  put(key: string, pdf: Uint8Array, metadata: Record<string, string>): Promise<void>;
  /** The stored document, e.g. to attach it to a mail. @throws CertificateStoreError when it cannot be read. */
  get(key: string): Promise<Uint8Array>;
  /**
   * A URL that downloads the document with a plain GET, valid for `expiresInSeconds`.
   *
   * @throws ValidationError for an expiry the store cannot honour.
   */
  linkFor(key: string, expiresInSeconds: number): Promise<string>;
}

/** The store could not be used; `key` is the certificate's key (holds ids, no personal data). */
export class CertificateStoreError extends AppError {
  constructor(
    readonly key: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`certificate store, ${key}: ${problem}`, options);
  }
}
