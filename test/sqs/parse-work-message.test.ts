import { describe, expect, it } from 'vitest';
import { serializeWorkMessage } from '#adapters/sqs/pack-batches.js';
import { ValidationError } from '#domain/errors.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { makeRecipient, makeWorkMessage } from './work-message-fixtures.js';

/** Calls parseWorkMessage on `body` and returns the ValidationError it throws. */
function rejectionOf(body: string): ValidationError {
  try {
    parseWorkMessage(body);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('parseWorkMessage accepted the body');
}

/** A serialised valid message with one field changed (or removed, with `undefined`). */
function bodyWith(change: (message: Record<string, unknown>) => void): string {
  const message = JSON.parse(JSON.stringify(makeWorkMessage('job-1'))) as Record<string, unknown>;
  change(message);
  return JSON.stringify(message);
}

describe('parseWorkMessage', () => {
  it('reads back what the SQS adapter writes, U+FFFE included', () => {
    // Arrange: SQS refuses U+FFFE in a body; the serialiser escapes it and parsing restores it.
    const message = makeWorkMessage('job-1', { scheduleName: 'odd \uFFFE name', course: null });
    const body = serializeWorkMessage(message);

    // Act
    const parsed = parseWorkMessage(body);

    // Assert
    expect(body).not.toMatch(/\uFFFE/);
    expect(parsed).toEqual(message);
  });

  it('keeps the certificates of an email message for a `both` job', () => {
    // Arrange
    const certificates = [
      {
        userId: 101,
        key: 'certificates/schedule-12/1/user-101-7K3M-9QXH-2B4N-D8RT.pdf',
        verificationCode: '7K3M-9QXH-2B4N-D8RT',
      },
    ];
    const message = makeWorkMessage('job-1', { actionType: 'both', certificates });

    // Act
    const parsed = parseWorkMessage(serializeWorkMessage(message));

    // Assert
    expect(parsed.certificates).toEqual(certificates);
    expect('certificates' in parseWorkMessage(serializeWorkMessage(makeWorkMessage('job-2')))).toBe(false);
  });

  it('ignores fields it does not know (a newer planner may add some)', () => {
    // Arrange
    const body = bodyWith((message) => {
      message.addedLater = 'x';
    });

    // Act
    const parsed = parseWorkMessage(body);

    // Assert
    expect(parsed).toEqual(makeWorkMessage('job-1'));
  });

  it('names "body" for text that is not JSON, without echoing the text', () => {
    // Arrange
    const body = '{"recipients":[{"email":"someone@example.com"';

    // Act
    const error = rejectionOf(body);

    // Assert
    expect(error.field).toBe('body');
    expect(error.message).not.toContain('someone@example.com');
  });

  it.each([
    ['jobId', (m: Record<string, unknown>) => delete m.jobId],
    ['version', (m: Record<string, unknown>) => (m.version = 2)],
    ['kind', (m: Record<string, unknown>) => (m.kind = 'sms')],
    ['actionType', (m: Record<string, unknown>) => (m.actionType = 'print')],
    ['runSlot', (m: Record<string, unknown>) => (m.runSlot = 1.5)],
    ['course.id', (m: Record<string, unknown>) => (m.course = { id: '7', fullName: 'x', shortName: 'y' })],
    ['recipients', (m: Record<string, unknown>) => (m.recipients = [])],
    [
      'certificates.0.verificationCode',
      (m: Record<string, unknown>) => (m.certificates = [{ userId: 1, key: 'k', verificationCode: 'nope' }]),
    ],
    ['recipients.1.userId', (m: Record<string, unknown>) => (m.recipients = [makeRecipient(1), makeRecipient(-2)])],
    ['recipients.0.mailFormat', (m: Record<string, unknown>) => (m.recipients = [makeRecipient(1, { mailFormat: 2 })])],
  ])('names the bad field %s', (field, change) => {
    // Arrange
    const body = bodyWith(change);

    // Act
    const error = rejectionOf(body);

    // Assert
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('names a bad personal field but never carries its value', () => {
    // Arrange
    const body = bodyWith((message) => {
      message.recipients = [{ ...makeRecipient(1), email: ['someone@example.com'] }];
    });

    // Act
    const error = rejectionOf(body);

    // Assert
    expect(error.field).toBe('recipients.0.email');
    expect(error.value).toBe('[redacted]');
    expect(error.message).not.toContain('someone@example.com');
  });

  it('names "body" for JSON that is not an object', () => {
    // Arrange
    const body = '42';

    // Act
    const error = rejectionOf(body);

    // Assert
    expect(error.field).toBe('body');
  });
});
