/**
 * The {@link Mailer} port on Amazon SES v2: `SendEmail` with Raw content, so attachments travel in the MIME built by
 * {@link buildMimeMessage}. Retry policy stays with the caller; this adapter only classifies failures.
 */
import { type MessageTag, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  MailBlockedError,
  type Mailer,
  MailNotSentError,
  MailRejectedError,
  MailThrottledError,
  type OutgoingEmail,
} from '#domain/mailer.js';
import { SES_TAG_JOB_ID, SES_TAG_USER_ID, toSesTagValue } from '#domain/ses-event.js';
import { buildMimeMessage } from './build-mime-message.js';

/** How the SES client is set up. */
export interface SesMailerOptions {
  /** SES configuration set that receives bounce, complaint and delivery events. */
  configurationSetName: string;
  /** AWS region. @default the SDK's resolution (`AWS_REGION`) */
  region?: string;
  /** Endpoint override for a local server such as `aws-ses-v2-local`. @default the regional SES endpoint */
  endpoint?: string;
  /** A ready client, e.g. one shared by the module; when given, `region` and `endpoint` are ignored. */
  client?: SESv2Client;
}

// Rate or quota: SES v2 answers 429 TooManyRequestsException for the send rate; ThrottlingException is the common
// AWS throttle; daily-quota exhaustion has been reported both as Throttling and as LimitExceededException. AWS asks
// callers to wait and retry all of these.
const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'LimitExceededException']);
// This message only: invalid content or an address SES will not take. The same request would fail again.
const REJECTED = new Set(['MessageRejected', 'BadRequestException']);
// The account or its configuration: every message would fail, so failing recipients one by one would be wrong.
const BLOCKED = new Set([
  'AccountSuspendedException',
  'SendingPausedException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException',
]);

/** Creates the SES client once; pass it as `client` to share it across mailers in a module. */
export function createSesClient(options: { region?: string; endpoint?: string } = {}): SESv2Client {
  return new SESv2Client({
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    // The caller owns retries (MailThrottledError + backoffDelay); SDK retries underneath would multiply them.
    maxAttempts: 1,
  });
}

/** Creates a {@link Mailer} that sends through SES v2. */
export function makeSesMailer(options: SesMailerOptions): Mailer {
  const client =
    options.client ??
    createSesClient({
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    });
  return {
    async send(message: OutgoingEmail) {
      const raw = await buildMimeMessage(message);
      try {
        const output = await client.send(
          new SendEmailCommand({
            // The envelope recipient is set explicitly so that only `to` receives the mail, whatever the headers say.
            Destination: { ToAddresses: [message.to] },
            Content: { Raw: { Data: raw } },
            ConfigurationSetName: options.configurationSetName,
            ...emailTagsFor(message),
          }),
        );
        // SES always returns an id on success; its absence would mean a broken contract, not a sent mail.
        if (!output.MessageId) throw new Error('SES SendEmail returned no MessageId');
        return { messageId: output.MessageId };
      } catch (error) {
        throw classifySesError(error);
      }
    },
  };
}

/** The correlation headers compose-reminder puts on every reminder; the same ids become the SES message tags. */
const TAGGED_HEADERS: ReadonlyArray<[header: string, tag: string]> = [
  ['X-ManiReports-Job', SES_TAG_JOB_ID],
  ['X-ManiReports-User', SES_TAG_USER_ID],
];

/**
 * The `jobId` and `userId` message tags (docs/deploy.md, SES events): SES publishes them with every bounce and complaint
 * event, which is how the ses-events function finds the recipient row without ever storing an address.
 */
export function emailTagsFor(message: OutgoingEmail): { EmailTags?: MessageTag[] } {
  const tags = TAGGED_HEADERS.flatMap(([header, name]) => {
    const value = message.headers?.[header];
    return value ? [{ Name: name, Value: toSesTagValue(value) }] : [];
  });
  return tags.length === 0 ? {} : { EmailTags: tags };
}

/**
 * Maps an SES v2 error to the port's errors by its AWS error name; an unknown error comes back unchanged and counts
 * as transient. Name strings are compared here, at the SDK boundary, so the rest of the code can use `instanceof`.
 * The reason carries only the SES error name: SES messages can quote the address, which must not reach the logs.
 */
export function classifySesError(error: unknown): unknown {
  const name = error instanceof Error ? error.name : '';
  if (THROTTLED.has(name) || isSdkThrottle(error)) return new MailThrottledError({ cause: error });
  if (REJECTED.has(name)) return new MailRejectedError(name, { cause: error });
  if (BLOCKED.has(name)) return new MailBlockedError(name, { cause: error });
  if (wasCertainlyNotSent(error)) return new MailNotSentError(name || 'network error', { cause: error });
  return error;
}

/** Errors codes of a connection that failed before the request was written: SES never saw the mail. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * True when SES answered with a server error (it did not accept the mail) or the connection never opened. A
 * timeout or a reset after the request left is NOT such a case: SES may have accepted the mail.
 */
function wasCertainlyNotSent(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  const code = (error as { code?: string } | null)?.code;
  return code !== undefined && NOT_CONNECTED.has(code);
}

function isSdkThrottle(error: unknown): boolean {
  // The SDK marks throttles it recognises (HTTP 429, throttling codes) with `$retryable.throttling`.
  const retryable = (error as { $retryable?: { throttling?: boolean } } | null)?.$retryable;
  return retryable?.throttling === true;
}
