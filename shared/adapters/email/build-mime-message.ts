/**
 * Turns an {@link OutgoingEmail} into the raw RFC 5322 bytes SES `SendEmail` takes as Raw content. Nodemailer's
 * MailComposer does the MIME work (encoded-word headers, multipart/alternative, base64 attachments), so none of it
 * is hand-written here.
 */

import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingEmail } from '#domain/mailer.js';

/**
 * Builds the MIME message: `multipart/alternative` of text and HTML (text only when there is no HTML), wrapped in
 * `multipart/mixed` when there are attachments. Lines end in CRLF, as RFC 5322 requires.
 */
export async function buildMimeMessage(message: OutgoingEmail): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html === undefined ? {} : { html: message.html }),
    attachments: (message.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      // A view over the same memory, not a copy: certificate PDFs can be large.
      content: Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength),
    })),
    ...(message.headers === undefined ? {} : { headers: message.headers }),
    newline: 'win',
    // Content is always given in memory; forbid MailComposer from reading files or URLs named in a message.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}
