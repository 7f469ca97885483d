import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REMINDER_TEMPLATE,
  defaultTemplateFor,
  type EmailTemplate,
  PLACEHOLDERS,
  renderEmail,
  resolveScheduleTemplate,
  type TemplateValues,
  validateEmailTemplate,
} from '#domain/email-template.js';
import { ValidationError } from '#domain/errors.js';

const VALUES: TemplateValues = {
  firstname: 'Ada',
  lastname: 'Lovelace',
  coursename: 'Safety 101',
  courseurl: 'https://moodle.example/course/view.php?id=7&section=2',
  sitename: 'Example Academy',
  schedulename: 'Weekly nudge',
  certificateurl: 'https://cert.example/c/abc',
  verificationcode: 'VX-42',
};

describe('renderEmail: placeholders', () => {
  it('fills every placeholder in the text part', () => {
    // Arrange
    const template: EmailTemplate = {
      subject: 'S',
      text: PLACEHOLDERS.map((name) => `${name}=[{${name}}]`).join('\n'),
    };

    // Act
    const { text } = renderEmail(template, VALUES, 0);

    // Assert
    expect(text.split('\n')).toEqual([
      'firstname=[Ada]',
      'lastname=[Lovelace]',
      'fullname=[Ada Lovelace]',
      'coursename=[Safety 101]',
      'courseurl=[https://moodle.example/course/view.php?id=7&section=2]',
      'sitename=[Example Academy]',
      'schedulename=[Weekly nudge]',
      'certificateurl=[https://cert.example/c/abc]',
      'verificationcode=[VX-42]',
    ]);
  });

  it('renders a missing value as empty and trims fullname', () => {
    // Arrange
    const template: EmailTemplate = { subject: 'Hi {fullname}', text: '[{fullname}] [{lastname}] [{certificateurl}]' };

    // Act
    const rendered = renderEmail(template, { firstname: 'Ada' }, 0);

    // Assert
    expect(rendered).toEqual({ subject: 'Hi Ada', text: '[Ada] [] []' });
  });

  it('does not expand placeholders that arrive inside values', () => {
    // Arrange: a learner who calls themselves "{lastname}" must not see someone else's data appear.
    const template: EmailTemplate = { subject: '{firstname}', text: '{firstname}', html: '<p>{firstname}</p>' };

    // Act
    const rendered = renderEmail(template, { firstname: '{lastname}', lastname: 'X' }, 1);

    // Assert
    expect(rendered).toEqual({ subject: '{lastname}', text: '{lastname}', html: '<p>{lastname}</p>' });
  });

  it('leaves CSS blocks in the HTML alone', () => {
    // Arrange
    const template: EmailTemplate = {
      subject: 's',
      text: 't',
      html: '<style>p { color: red }</style><p>{firstname}</p>',
    };

    // Act
    const { html } = renderEmail(template, VALUES, 1);

    // Assert
    expect(html).toBe('<style>p { color: red }</style><p>Ada</p>');
  });
});

describe('renderEmail: escaping and headers', () => {
  const hostile: TemplateValues = { firstname: '<script>alert("x")</script>', coursename: "Tom & Jerry's" };

  it('escapes values in the HTML part but not in the text part', () => {
    // Arrange
    const template: EmailTemplate = {
      subject: '{coursename}',
      text: '{firstname} / {coursename}',
      html: '<p title="{coursename}">{firstname}</p>',
    };

    // Act
    const rendered = renderEmail(template, hostile, 1);

    // Assert
    expect(rendered.text).toBe(`<script>alert("x")</script> / Tom & Jerry's`);
    expect(rendered.html).toBe(
      '<p title="Tom &amp; Jerry&#39;s">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
    );
    expect(rendered.subject).toBe("Tom & Jerry's");
  });

  it('derives an escaped HTML part with paragraphs and line breaks when the template has none', () => {
    // Arrange
    const template: EmailTemplate = { subject: 's', text: 'Hello {firstname},\n\nCourse: {coursename}\nSee you & bye' };

    // Act
    const { html } = renderEmail(template, hostile, 1);

    // Assert
    expect(html).toBe(
      '<p>Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,</p>\n' +
        '<p>Course: Tom &amp; Jerry&#39;s<br>\nSee you &amp; bye</p>',
    );
  });

  it('strips CR and LF from the subject, from the template and from values', () => {
    // Arrange: a course name crafted to add a Bcc header if it reached the header raw.
    const template: EmailTemplate = { subject: 'Reminder:\r\n {coursename}\n', text: 't' };

    // Act
    const { subject } = renderEmail(template, { coursename: 'Safety\r\nBcc: victim@example.com\u2028x' }, 0);

    // Assert
    expect(subject).toBe('Reminder:  Safety Bcc: victim@example.com x');
    expect(subject).not.toMatch(/[\r\n\u2028]/);
  });
});

describe('renderEmail: mail format', () => {
  it.each([0, 2, -1])('sends plain text only for mailformat %i', (mailFormat) => {
    // Arrange / Act
    const rendered = renderEmail(DEFAULT_REMINDER_TEMPLATE, VALUES, mailFormat);

    // Assert
    expect(rendered).not.toHaveProperty('html');
    expect(rendered.text).toContain('Hello Ada,');
  });

  it('adds the HTML part for mailformat 1', () => {
    // Arrange / Act
    const rendered = renderEmail(DEFAULT_REMINDER_TEMPLATE, VALUES, 1);

    // Assert
    expect(rendered.subject).toBe('Reminder: Safety 101');
    expect(rendered.html).toContain('<a href="https://moodle.example/course/view.php?id=7&amp;section=2">');
    expect(rendered.html).toContain('Example Academy');
    expect(rendered.text).toContain('https://moodle.example/course/view.php?id=7&section=2');
  });
});

describe('validateEmailTemplate', () => {
  it('accepts the default reminder', () => {
    // Arrange / Act / Assert
    expect(() => validateEmailTemplate(DEFAULT_REMINDER_TEMPLATE)).not.toThrow();
  });

  it.each([
    ['subject', { subject: 'Hi {first_name}', text: 't' }, '{first_name}'],
    ['text', { subject: 's', text: 'Due {duedate}' }, '{duedate}'],
    ['html', { subject: 's', text: 't', html: '<b>{FirstName}</b>' }, '{FirstName}'],
  ])('rejects an unknown placeholder in the %s, naming it', (part, template, placeholder) => {
    // Arrange / Act
    const error = catchError(() => validateEmailTemplate(template));

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: part, value: placeholder });
    expect((error as Error).message).toContain(`unknown placeholder ${placeholder}`);
  });

  it('makes renderEmail refuse an unknown placeholder too', () => {
    // Arrange / Act / Assert
    expect(() => renderEmail({ subject: 's', text: '{nope}' }, VALUES, 0)).toThrow(ValidationError);
  });

  it.each([
    ['subject', { subject: '  ', text: 't' }],
    ['text', { subject: 's', text: '\n' }],
  ])('rejects an empty %s', (part, template) => {
    // Arrange / Act
    const error = catchError(() => validateEmailTemplate(template));

    // Assert
    expect(error).toMatchObject({ field: part, problem: 'must not be empty' });
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('defaultTemplateFor', () => {
  it('gives a both schedule the certificate mail, with its link and code, and the others the reminder', () => {
    // Arrange
    const values = {
      firstname: 'Ana',
      coursename: 'Safety',
      certificateurl: 'https://s3.example/c.pdf',
      verificationcode: 'ABCD-EFGH-JKMN-PQRS',
    };

    // Act
    const both = renderEmail(defaultTemplateFor('both'), values, 0);
    const email = renderEmail(defaultTemplateFor('email'), values, 0);

    // Assert
    expect(both.subject).toBe('Your certificate: Safety');
    expect(both.text).toContain('https://s3.example/c.pdf');
    expect(both.text).toContain('ABCD-EFGH-JKMN-PQRS');
    expect(email.subject).toBe('Reminder: Safety');
    expect(email.text).not.toContain('https://s3.example/c.pdf');
  });

  it('gives a both schedule whose certificates are attached a mail without a link, unless its own text asks', () => {
    // Arrange
    const values = {
      firstname: 'Ana',
      coursename: 'Safety',
      certificateurl: 'https://api.example/certificates/ABCD-EFGH-JKMN-PQRS',
      verificationcode: 'ABCD-EFGH-JKMN-PQRS',
    };

    // Act
    const attached = renderEmail(defaultTemplateFor('both', 'attachment'), values, 1);
    const asking = renderEmail(
      resolveScheduleTemplate('both', { message: 'Hi {firstname}, also online: {certificateurl}' }, 'attachment'),
      values,
      0,
    );

    // Assert
    expect(attached.text).toContain('is attached to this email');
    expect(attached.text).toContain('ABCD-EFGH-JKMN-PQRS');
    expect(`${attached.text}${attached.html}`).not.toContain('https://');
    expect(asking.text).toBe('Hi Ana, also online: https://api.example/certificates/ABCD-EFGH-JKMN-PQRS');
  });
});
