import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSesClient, emailTagsFor, makeSesMailer } from '#adapters/email/ses-mailer.js';
import type { OutgoingEmail } from '#domain/mailer.js';
import { CYRILLIC_SUBJECT, FRENCH_SUBJECT, samplePdfBytes } from './fixtures.js';
import { type LocalSes, startLocalSes } from './local-ses.js';

let ses: LocalSes;

beforeAll(async () => {
  // The local server accepts any credentials, but the SDK refuses to sign without some.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  ses = await startLocalSes();
});

afterAll(async () => {
  await ses.stop();
  vi.unstubAllEnvs();
});

beforeEach(async () => {
  await ses.clearStore();
});

const MESSAGE: OutgoingEmail = {
  from: 'ManiReports <noreply@moodle.example>',
  to: 'learner@example.com',
  subject: FRENCH_SUBJECT,
  text: 'Votre certificat est joint.',
  html: '<p>Votre certificat est joint.</p>',
};

describe('makeSesMailer against aws-ses-v2-local', () => {
  it('sends raw MIME that SES stores with recipient, subject, bodies and attachment', async () => {
    // Arrange
    const pdf = samplePdfBytes();
    const mailer = makeSesMailer({ configurationSetName: 'manireports', endpoint: ses.endpoint, region: 'eu-west-1' });

    // Act
    const { messageId } = await mailer.send({
      ...MESSAGE,
      attachments: [{ filename: 'certificate.pdf', contentType: 'application/pdf', content: pdf }],
    });

    // Assert
    const stored = await ses.readStore();
    expect(stored).toHaveLength(1);
    const [email] = stored;
    expect(email).toMatchObject({
      messageId,
      from: '"ManiReports" <noreply@moodle.example>',
      destination: { to: ['learner@example.com'], cc: [], bcc: [] },
      subject: FRENCH_SUBJECT,
      body: { text: 'Votre certificat est joint.', html: '<p>Votre certificat est joint.</p>' },
    });
    expect(email?.attachments).toHaveLength(1);
    expect(email?.attachments[0]).toMatchObject({ filename: 'certificate.pdf', contentType: 'application/pdf' });
    expect(new Uint8Array(Buffer.from(email?.attachments[0]?.content ?? '', 'base64'))).toEqual(pdf);
  });

  it('sends a plain-text-only mail with a Cyrillic subject', async () => {
    // Arrange
    const mailer = makeSesMailer({ configurationSetName: 'manireports', endpoint: ses.endpoint, region: 'eu-west-1' });
    const { html: _html, ...plain } = MESSAGE;

    // Act
    await mailer.send({ ...plain, subject: CYRILLIC_SUBJECT });

    // Assert
    const [email] = await ses.readStore();
    expect(email?.subject).toBe(CYRILLIC_SUBJECT);
    expect(email?.body.html).toBeUndefined();
    expect(email?.body.text?.trimEnd()).toBe('Votre certificat est joint.');
  });

  it('names the configuration set and the single envelope recipient in the request', async () => {
    // Arrange: observe the real outgoing HTTP request (the local server does not report these fields).
    const client = createSesClient({ endpoint: ses.endpoint, region: 'eu-west-1' });
    const bodies: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: unknown };
        const { body } = request;
        if (typeof body === 'string') bodies.push(body);
        else if (body instanceof Uint8Array) bodies.push(Buffer.from(body).toString('utf8'));
        return next(args);
      },
      { step: 'finalizeRequest', name: 'captureBody' },
    );
    const mailer = makeSesMailer({ configurationSetName: 'manireports-reminders', client });

    // Act
    await mailer.send(MESSAGE);

    // Assert
    expect(bodies).toHaveLength(1);
    const sent = JSON.parse(bodies[0] ?? '{}') as Record<string, unknown>;
    expect(sent).toMatchObject({
      ConfigurationSetName: 'manireports-reminders',
      Destination: { ToAddresses: ['learner@example.com'] },
      Content: { Raw: { Data: expect.any(String) } },
    });
    expect(await ses.readStore()).toHaveLength(1);
  });
  it('tags the send with the job and user ids from the correlation headers, so SES events map to the row', async () => {
    // Arrange: observe the real outgoing request body.
    const client = createSesClient({ endpoint: ses.endpoint, region: 'eu-west-1' });
    const bodies: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const { body } = args.request as { body?: unknown };
        if (typeof body === 'string') bodies.push(body);
        else if (body instanceof Uint8Array) bodies.push(Buffer.from(body).toString('utf8'));
        return next(args);
      },
      { step: 'finalizeRequest', name: 'captureBody' },
    );
    const mailer = makeSesMailer({ configurationSetName: 'manireports', client });

    // Act
    await mailer.send({
      ...MESSAGE,
      headers: { 'X-ManiReports-Job': 'schedule-12-slot-1767225600', 'X-ManiReports-User': '401' },
    });
    await mailer.send(MESSAGE);

    // Assert
    const [tagged, untagged] = bodies.map((body) => JSON.parse(body) as Record<string, unknown>);
    expect(tagged?.EmailTags).toEqual([
      { Name: 'jobId', Value: 'schedule-12-slot-1767225600' },
      { Name: 'userId', Value: '401' },
    ]);
    expect(untagged).not.toHaveProperty('EmailTags');
  });

  it('replaces characters SES refuses in a tag value', () => {
    expect(emailTagsFor({ ...MESSAGE, headers: { 'X-ManiReports-Job': 'job 1/ä:x' } })).toEqual({
      EmailTags: [{ Name: 'jobId', Value: 'job_1___x' }],
    });
  });
});
