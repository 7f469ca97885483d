import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMimeMessage } from '#adapters/email/build-mime-message.js';
import type { OutgoingEmail } from '#domain/mailer.js';
import { CYRILLIC_SUBJECT, FRENCH_SUBJECT, samplePdfBytes } from './fixtures.js';

const BASE: OutgoingEmail = {
  from: '"Académie Exemple" <noreply@moodle.example>',
  to: 'learner@example.com',
  subject: 'Reminder',
  text: 'Hello Zoë,\nsee you soon.',
};

/** The header block of a raw message, up to the first blank line. */
function headerBlock(raw: Buffer): string {
  const text = raw.toString('latin1');
  return text.slice(0, text.indexOf('\r\n\r\n'));
}

describe('buildMimeMessage', () => {
  it.each([FRENCH_SUBJECT, CYRILLIC_SUBJECT])(
    'encodes the non-ASCII subject %s as ASCII that parses back',
    async (subject) => {
      // Arrange
      const message: OutgoingEmail = { ...BASE, subject };

      // Act
      const raw = await buildMimeMessage(message);
      const parsed = await simpleParser(raw);

      // Assert: headers must be 7-bit (RFC 2047 encoded words), and decode to the original.
      expect(headerBlock(raw)).toMatch(/^[\x20-\x7e\r\n\t]*$/);
      expect(headerBlock(raw)).toMatch(/^Subject: =\?UTF-8\?/m);
      expect(parsed.subject).toBe(subject);
      expect(parsed.from?.value).toEqual([{ address: 'noreply@moodle.example', name: 'Académie Exemple' }]);
    },
  );

  it('sends text and HTML as alternatives', async () => {
    // Arrange
    const message: OutgoingEmail = { ...BASE, html: '<p>Hello Zoë,<br>see you soon.</p>' };

    // Act
    const raw = await buildMimeMessage(message);
    const parsed = await simpleParser(raw);

    // Assert
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.text).toBe('Hello Zoë,\nsee you soon.');
    expect(parsed.html).toBe('<p>Hello Zoë,<br>see you soon.</p>');
    expect(parsed.to).toMatchObject({ value: [{ address: 'learner@example.com' }] });
  });

  it('sends a single text/plain part when there is no HTML', async () => {
    // Arrange / Act
    const raw = await buildMimeMessage(BASE);
    const parsed = await simpleParser(raw);

    // Assert
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'text/plain', params: { charset: 'utf-8' } });
    expect(parsed.html).toBe(false);
    // A single-part body ends with the message's final CRLF, which the parser keeps.
    expect(parsed.text?.trimEnd()).toBe('Hello Zoë,\nsee you soon.');
  });

  it('carries a PDF attachment byte for byte beside the alternatives', async () => {
    // Arrange
    const pdf = samplePdfBytes();
    const message: OutgoingEmail = {
      ...BASE,
      html: '<p>Your certificate</p>',
      attachments: [{ filename: 'certificat-sécurité.pdf', contentType: 'application/pdf', content: pdf }],
    };

    // Act
    const raw = await buildMimeMessage(message);
    const parsed = await simpleParser(raw);

    // Assert
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/mixed' });
    expect(parsed.text).toBe('Hello Zoë,\nsee you soon.');
    expect(parsed.html).toBe('<p>Your certificate</p>');
    expect(parsed.attachments).toHaveLength(1);
    const [attachment] = parsed.attachments;
    expect(attachment).toMatchObject({
      filename: 'certificat-sécurité.pdf',
      contentType: 'application/pdf',
      contentDisposition: 'attachment',
    });
    expect(new Uint8Array(attachment?.content ?? [])).toEqual(pdf);
  });

  it('adds custom headers and uses CRLF line endings', async () => {
    // Arrange
    const message: OutgoingEmail = { ...BASE, headers: { 'X-ManiReports-Job': 'job-42' } };

    // Act
    const raw = await buildMimeMessage(message);
    const parsed = await simpleParser(raw);

    // Assert
    expect(parsed.headers.get('x-manireports-job')).toBe('job-42');
    expect(raw.toString('latin1')).not.toMatch(/[^\r]\n/);
  });

  it('cannot be talked into an extra header through the subject', async () => {
    // Arrange: renderEmail strips line breaks already; this checks the second line of defence.
    const message: OutgoingEmail = { ...BASE, subject: 'Hi\r\nBcc: victim@example.com' };

    // Act
    const raw = await buildMimeMessage(message);
    const parsed = await simpleParser(raw);

    // Assert
    expect(headerBlock(raw)).not.toMatch(/^Bcc:/im);
    expect(parsed.bcc).toBeUndefined();
  });
});
