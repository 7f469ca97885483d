/**
 * aws-ses-v2-local never throttles and never rejects (it even accepts invalid addresses), so these faults cannot be
 * produced by a local server. They are injected with a stubbed `client.send` that throws the SDK's own exception
 * classes, exactly as the SDK would after parsing an SES error response.
 */
import {
  AccountSuspendedException,
  BadRequestException,
  InternalServiceErrorException,
  LimitExceededException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  NotFoundException,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSesClient, makeSesMailer } from '#adapters/email/ses-mailer.js';
import {
  MailBlockedError,
  type Mailer,
  MailNotSentError,
  MailRejectedError,
  MailThrottledError,
  type OutgoingEmail,
} from '#domain/mailer.js';

const MESSAGE: OutgoingEmail = {
  from: 'noreply@moodle.example',
  to: 'learner@example.com',
  subject: 'Reminder',
  text: 'Hello',
};
const META = { $metadata: { httpStatusCode: 400 } };

/** A mailer whose client fails every send with `error` (fault injection; see the file comment). */
function failingMailer(error: unknown): Mailer {
  // The endpoint is never contacted: `send` is replaced before any request is made.
  const client = createSesClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1' });
  vi.spyOn(client, 'send').mockRejectedValue(error as never);
  return makeSesMailer({ configurationSetName: 'manireports', client });
}

async function sendError(error: unknown): Promise<unknown> {
  try {
    await failingMailer(error).send(MESSAGE);
  } catch (thrown) {
    return thrown;
  }
  throw new Error('expected the send to fail');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('SES error classification', () => {
  it.each([
    ['TooManyRequestsException', new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', ...META })],
    ['LimitExceededException', new LimitExceededException({ message: 'Daily message quota exceeded.', ...META })],
    ['ThrottlingException', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
    [
      'an SDK-marked throttle',
      Object.assign(new Error('slow down'), { name: 'Whatever', $retryable: { throttling: true } }),
    ],
  ])('maps %s to MailThrottledError, keeping the cause', async (_label, sesError) => {
    // Arrange / Act
    const error = await sendError(sesError);

    // Assert
    expect(error).toBeInstanceOf(MailThrottledError);
    expect((error as Error).cause).toBe(sesError);
  });

  it.each([
    [
      'MessageRejected',
      new MessageRejected({ message: 'Email address is not verified: learner@example.com', ...META }),
    ],
    ['BadRequestException', new BadRequestException({ message: 'Illegal address', ...META })],
  ])('maps %s to MailRejectedError for this recipient only', async (name, sesError) => {
    // Arrange / Act
    const error = await sendError(sesError);

    // Assert
    expect(error).toBeInstanceOf(MailRejectedError);
    expect(error).not.toBeInstanceOf(MailThrottledError);
    expect((error as MailRejectedError).reason).toBe(name);
    // SES may quote the address in its message; the port's error must not carry it into logs.
    expect((error as Error).message).not.toContain('learner@example.com');
    expect((error as Error).cause).toBe(sesError);
  });

  it.each([
    ['AccountSuspendedException', new AccountSuspendedException({ message: 'suspended', ...META })],
    ['SendingPausedException', new SendingPausedException({ message: 'paused', ...META })],
    ['MailFromDomainNotVerifiedException', new MailFromDomainNotVerifiedException({ message: 'no', ...META })],
    ['NotFoundException', new NotFoundException({ message: 'Configuration set does not exist', ...META })],
  ])('maps %s to MailBlockedError: the account, not the recipient, is at fault', async (name, sesError) => {
    // Arrange / Act
    const error = await sendError(sesError);

    // Assert
    expect(error).toBeInstanceOf(MailBlockedError);
    expect(error).not.toBeInstanceOf(MailRejectedError);
    expect((error as MailBlockedError).reason).toBe(name);
    expect((error as Error).cause).toBe(sesError);
  });

  it.each([
    ['a server error', new InternalServiceErrorException({ message: 'oops', $metadata: { httpStatusCode: 500 } })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['an unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })],
  ])(
    'maps %s to MailNotSentError: SES certainly did not accept the mail, so a retry is safe',
    async (_label, sesError) => {
      // Arrange / Act
      const error = await sendError(sesError);

      // Assert
      expect(error).toBeInstanceOf(MailNotSentError);
      expect((error as Error).cause).toBe(sesError);
    },
  );

  it.each([
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a timeout', Object.assign(new Error('request timed out'), { name: 'TimeoutError' })],
  ])('passes %s through unchanged: SES may have accepted the mail', async (_label, sesError) => {
    // Arrange / Act
    const error = await sendError(sesError);

    // Assert
    expect(error).toBe(sesError);
  });
});
