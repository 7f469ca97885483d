/**
 * Reminder and certificate mail: templates with `{placeholder}` fields, rendered per recipient into a subject, a
 * plain-text part and (for Moodle `mailformat = 1`) an HTML part. Pure: no I/O.
 */
import { ValidationError } from './errors.js';
import type { ActionType } from './schedule.js';
import type { ScheduleTemplate } from './webhook-event.js';

/** Every placeholder a template may use. `fullname` is derived from `firstname` and `lastname`. */
export const PLACEHOLDERS = [
  'firstname',
  'lastname',
  'fullname',
  'coursename',
  'courseurl',
  'sitename',
  'schedulename',
  'certificateurl',
  'verificationcode',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The values a caller supplies; a missing one renders as the empty string. */
export type TemplateValues = { readonly [K in Exclude<Placeholder, 'fullname'>]?: string | undefined };

/** A template as configured (the default reminder) or supplied per schedule by the webhook. */
export interface EmailTemplate {
  subject: string;
  text: string;
  /** Trusted HTML written by a site administrator; placeholder values inserted into it are escaped. */
  html?: string;
}

/** One recipient's mail, ready for MIME. `html` is present only when the recipient reads HTML mail. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html?: string;
}

/** Moodle's `user.mailformat` value for HTML mail; every other value means plain text (FACTS.md §4). */
export const MAIL_FORMAT_HTML = 1;

/** A short, friendly reminder used until a schedule brings its own template. */
export const DEFAULT_REMINDER_TEMPLATE: Readonly<EmailTemplate> = Object.freeze({
  subject: 'Reminder: {coursename}',
  text: [
    'Hello {firstname},',
    '',
    'This is a friendly reminder to continue your course "{coursename}". You can pick up where you left off here:',
    '{courseurl}',
    '',
    'Best regards,',
    '{sitename}',
  ].join('\n'),
  html: [
    '<p>Hello {firstname},</p>',
    '<p>This is a friendly reminder to continue your course <strong>{coursename}</strong>.</p>',
    '<p><a href="{courseurl}">Pick up where you left off</a></p>',
    '<p>Best regards,<br>{sitename}</p>',
  ].join('\n'),
});

/**
 * The default mail of a `both` schedule whose certificates go out as links: it carries the recipient's certificate
 * link (`{certificateurl}`, a lasting link to the API's `GET /certificates/{code}`) and verification code.
 */
export const DEFAULT_CERTIFICATE_TEMPLATE: Readonly<EmailTemplate> = Object.freeze({
  subject: 'Your certificate: {coursename}',
  text: [
    'Hello {firstname},',
    '',
    'Your certificate for "{coursename}" is ready. You can download it here:',
    '{certificateurl}',
    '',
    'Its verification code is {verificationcode}.',
    '',
    'Best regards,',
    '{sitename}',
  ].join('\n'),
  html: [
    '<p>Hello {firstname},</p>',
    '<p>Your certificate for <strong>{coursename}</strong> is ready.</p>',
    '<p><a href="{certificateurl}">Download your certificate</a></p>',
    '<p>Its verification code is <code>{verificationcode}</code>.</p>',
    '<p>Best regards,<br>{sitename}</p>',
  ].join('\n'),
});

/** The default mail of a `both` schedule whose certificates are attached: no link, the PDF is in the mail. */
export const DEFAULT_CERTIFICATE_ATTACHMENT_TEMPLATE: Readonly<EmailTemplate> = Object.freeze({
  subject: 'Your certificate: {coursename}',
  text: [
    'Hello {firstname},',
    '',
    'Your certificate for "{coursename}" is attached to this email.',
    '',
    'Its verification code is {verificationcode}.',
    '',
    'Best regards,',
    '{sitename}',
  ].join('\n'),
  html: [
    '<p>Hello {firstname},</p>',
    '<p>Your certificate for <strong>{coursename}</strong> is attached to this email.</p>',
    '<p>Its verification code is <code>{verificationcode}</code>.</p>',
    '<p>Best regards,<br>{sitename}</p>',
  ].join('\n'),
});

/**
 * How a `both` mail carries its certificate: `attachment` (the PDF in the mail; a link only when the schedule's own
 * template asks for one by using `{certificateurl}`) or `link` (the default template links to it).
 */
export type CertificateDelivery = 'attachment' | 'link';

/** The template a schedule uses until it brings its own: the certificate mail for `both`, else the reminder. */
export function defaultTemplateFor(
  actionType: ActionType,
  delivery: CertificateDelivery = 'link',
): Readonly<EmailTemplate> {
  if (actionType !== 'both') return DEFAULT_REMINDER_TEMPLATE;
  return delivery === 'attachment' ? DEFAULT_CERTIFICATE_ATTACHMENT_TEMPLATE : DEFAULT_CERTIFICATE_TEMPLATE;
}

/**
 * The template a run of a schedule uses: the schedule's own subject and message (from the webhook) where it has
 * them, else its action's default for `delivery`. A schedule's `message` is plain text, like Moodle's
 * `email_to_user` text part: it fills the text part with values as they are, and the HTML part is made from the
 * filled text with every character escaped — the same rules as a default template's text, so a name holding `<b>`
 * stays text. Blank (whitespace-only) parts count as absent.
 */
export function resolveScheduleTemplate(
  actionType: ActionType,
  own: ScheduleTemplate | undefined,
  delivery: CertificateDelivery = 'link',
): EmailTemplate {
  const base = defaultTemplateFor(actionType, delivery);
  const subject = own?.subject?.trim() ? own.subject : base.subject;
  if (!own?.message?.trim()) return { ...base, subject };
  return { subject, text: own.message };
}

/**
 * Checks a schedule's own template parts as {@link resolveScheduleTemplate} would use them.
 * @throws ValidationError naming `subject` or `message` and the unknown placeholder.
 */
export function validateScheduleTemplate(actionType: ActionType, own: ScheduleTemplate): void {
  try {
    validateEmailTemplate(resolveScheduleTemplate(actionType, own));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // A resolved `text` is the schedule's `message` (a default text is always valid).
    const field = error.field === 'text' ? 'message' : error.field;
    throw new ValidationError(field, error.value, error.problem, { cause: error });
  }
}

// Only word-like names count as placeholders, so CSS blocks such as `{ color: red }` in HTML are left alone.
const PLACEHOLDER_PATTERN = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;
const KNOWN = new Set<string>(PLACEHOLDERS);
// Every line terminator a mail client or header parser might honour, not only CR and LF.
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]+/g;

/**
 * Checks that a template uses only known placeholders and has a subject and a text part.
 *
 * @throws ValidationError naming the part (`subject`, `text`, `html`) and the unknown placeholder.
 */
export function validateEmailTemplate(template: EmailTemplate): void {
  if (template.subject.trim() === '') throw new ValidationError('subject', template.subject, 'must not be empty');
  // A plain-text part is always sent, so a template without one cannot serve plain-text readers.
  if (template.text.trim() === '') throw new ValidationError('text', template.text, 'must not be empty');
  const parts: [keyof EmailTemplate, string | undefined][] = [
    ['subject', template.subject],
    ['text', template.text],
    ['html', template.html],
  ];
  for (const [part, source] of parts) {
    if (source === undefined) continue;
    for (const match of source.matchAll(PLACEHOLDER_PATTERN)) {
      const name = match[1] ?? '';
      if (!KNOWN.has(name)) {
        throw new ValidationError(
          part,
          `{${name}}`,
          `unknown placeholder {${name}}; known: ${PLACEHOLDERS.join(', ')}`,
        );
      }
    }
  }
}

/**
 * Renders one recipient's mail from a template.
 *
 * @param mailFormat Moodle's `user.mailformat`: the HTML part is produced only for 1.
 * @throws ValidationError when the template is invalid (see {@link validateEmailTemplate}).
 */
export function renderEmail(template: EmailTemplate, values: TemplateValues, mailFormat: number): RenderedEmail {
  validateEmailTemplate(template);
  const lookup = valueLookup(values);
  // A value holding a line break must not start a new header line (header injection), so flatten it to a space.
  const subject = fill(template.subject, lookup, (v) => v)
    .replace(LINE_BREAKS, ' ')
    .trim();
  const text = fill(template.text, lookup, (v) => v);
  if (mailFormat !== MAIL_FORMAT_HTML) return { subject, text };
  const html = template.html === undefined ? htmlFromText(text) : fill(template.html, lookup, (v) => escapeHtml(v));
  return { subject, text, html };
}

/** Escapes the five characters that matter in HTML text and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function valueLookup(values: TemplateValues): (name: Placeholder) => string {
  const fullname = `${values.firstname ?? ''} ${values.lastname ?? ''}`.trim();
  return (name) => (name === 'fullname' ? fullname : (values[name] ?? ''));
}

function fill(source: string, lookup: (name: Placeholder) => string, encode: (value: string) => string): string {
  // Placeholders were validated, so every match is known; values are inserted in one pass and never re-scanned.
  return source.replace(PLACEHOLDER_PATTERN, (_whole, name: string) => encode(lookup(name as Placeholder)));
}

/** A minimal HTML part for templates that bring only text: escaped, blank lines as paragraphs, breaks as `<br>`. */
function htmlFromText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replaceAll('\n', '<br>\n')}</p>`)
    .join('\n');
}
