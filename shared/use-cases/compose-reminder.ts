/** Turns one recipient of a work message into the email to send: template values, rendering, attachment. */
import type { EmailTemplate, TemplateValues } from '#domain/email-template.js';
import { renderEmail } from '#domain/email-template.js';
import type { MailAttachment, OutgoingEmail } from '#domain/mailer.js';
import type { Recipient } from '#domain/recipients.js';
import type { IssuedCertificate, WorkMessage } from '#domain/work-message.js';

/** Where the links in a reminder point, and how a stored certificate reaches its recipient. */
export interface ReminderLinks {
  /** The Moodle page of a course; `courseId` 0 means the site's front page. */
  courseUrl(courseId: number): string;
  /** The lasting link to a stored certificate (the API's `GET /certificates/{code}`, never a signed object URL). */
  certificateLink(certificate: IssuedCertificate): string;
  /** The certificate itself, when certificates go out as attachments instead of links; undefined for links. */
  certificateAttachment?(certificate: IssuedCertificate): Promise<MailAttachment>;
}

export interface ComposeReminderInput {
  message: WorkMessage;
  recipient: Recipient;
  template: EmailTemplate;
  links: ReminderLinks;
  from: string;
}

export async function composeReminder({
  message,
  recipient,
  template,
  links,
  from,
}: ComposeReminderInput): Promise<OutgoingEmail> {
  const certificate = message.certificates?.find((issued) => issued.userId === recipient.userId);
  const values: TemplateValues = {
    firstname: recipient.firstName,
    lastname: recipient.lastName,
    coursename: message.course?.fullName ?? message.siteName,
    courseurl: links.courseUrl(message.course?.id ?? 0),
    sitename: message.siteName,
    schedulename: message.scheduleName,
    certificateurl: certificate ? links.certificateLink(certificate) : '',
    verificationcode: certificate?.verificationCode ?? '',
  };
  const rendered = renderEmail(template, values, recipient.mailFormat);
  const attachment =
    certificate && links.certificateAttachment ? await links.certificateAttachment(certificate) : undefined;
  return {
    from,
    to: recipient.email,
    subject: rendered.subject,
    text: rendered.text,
    ...(rendered.html === undefined ? {} : { html: rendered.html }),
    ...(attachment ? { attachments: [attachment] } : {}),
    // Lets a bounce or complaint be traced back to its job without storing the address anywhere.
    headers: { 'X-ManiReports-Job': message.jobId, 'X-ManiReports-User': String(recipient.userId) },
  };
}
