/**
 * The certificate worker against real S3 (fauxqs) and, for `both`, the email worker after it: every recipient's
 * certificate lands at its predictable key, the mail carries it, and a redelivered certificate message rewrites the
 * same objects without mailing anyone again.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { jobIdFor } from '#domain/cloud-job.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { deriveVerificationCode } from '#domain/verification-code.js';
import { EDGE_COURSE_CERTIFICATE, EXPECTED_AUDIENCES } from '../bridge/demo-expectations.js';
import { CERTIFICATE_LINK_BASE_URL, makeClock, type Pipeline, usePipelines, VERIFICATION_SECRET } from './harness.js';
import { FEBRUARY_1_0800, SLOT_15_1700, SLOT_FEB_1_0730, THURSDAY_15_1730 } from './moments.js';
import { recipientIds } from './queue-helpers.js';

const pipelines = usePipelines();

/** The key the design promises: schedule, run slot, user and the derived verification code. */
function expectedKey(scheduleId: number, slot: number, userId: number): string {
  const code = deriveVerificationCode(VERIFICATION_SECRET, jobIdFor(scheduleId, slot), userId);
  return `certificates/schedule-${scheduleId}/${slot}/user-${userId}-${code}.pdf`;
}

/** Every object in the bucket: key → ETag. */
async function listObjects(p: Pipeline): Promise<Map<string, string>> {
  const output = await p.s3.send(new ListObjectsV2Command({ Bucket: p.bucket }));
  return new Map((output.Contents ?? []).map((object) => [object.Key ?? '', object.ETag ?? '']));
}

describe('certificates through the pipeline', () => {
  it('a certificate-only job settles every recipient with a PDF stored at its predictable key', async () => {
    // Arrange: schedule 3 (monthly certificates, course 2) sent to the cloud instead of Moodle.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([3], { 3: { cloudPreference: 'cloud' } });
    const clock = makeClock(FEBRUARY_1_0800);
    await p.planner({ owner: 'planner', clock })(FEBRUARY_1_0800);
    const queued = await p.receive('certificate');
    const issueCertificates = p.certificateWorker({ clock });
    const jobId = jobIdFor(3, SLOT_FEB_1_0730);
    const eligible = EXPECTED_AUDIENCES[3]?.eligible ?? [];

    // Act
    const outcomes = [];
    for (const { body } of queued) outcomes.push(await issueCertificates(parseWorkMessage(body)));

    // Assert
    expect(recipientIds(queued)).toEqual(eligible);
    expect(outcomes).toEqual(queued.map(() => 'done'));
    const rows = await p.recipientRows(jobId);
    expect(rows.map((row) => [row.userId, row.status, row.certificateKey])).toEqual(
      eligible.map((userId) => [userId, 'sent', expectedKey(3, SLOT_FEB_1_0730, userId)]),
    );
    expect([...(await listObjects(p)).keys()].sort()).toEqual(
      eligible.map((userId) => expectedKey(3, SLOT_FEB_1_0730, userId)).sort(),
    );
    const first = await p.s3.send(new GetObjectCommand({ Bucket: p.bucket, Key: rows[0]?.certificateKey }));
    expect(
      Buffer.from((await first.Body?.transformToByteArray()) ?? [])
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const head = await p.s3.send(new HeadObjectCommand({ Bucket: p.bucket, Key: rows[0]?.certificateKey }));
    expect(head.Metadata).toMatchObject({ 'job-id': jobId, 'user-id': String(eligible[0]) });
    expect(await p.jobs.getJob(jobId)).toMatchObject({
      status: 'completed',
      counts: { total: eligible.length, sent: eligible.length, certificates: eligible.length, failed: 0 },
    });
    expect(await p.receive('email')).toEqual([]);
    expect(await p.sentMail()).toEqual([]);
    const firstUser = eligible[0] as number;
    const code = deriveVerificationCode(VERIFICATION_SECRET, jobId, firstUser);
    expect(await p.registry.find(code)).toMatchObject({
      verificationCode: code,
      course: 'Workplace Safety',
      issuedOn: '2026-02-01',
      jobId,
      scheduleId: 3,
      userId: firstUser,
      certificateKey: expectedKey(3, SLOT_FEB_1_0730, firstUser),
    });
  });

  it('a `both` job mails each recipient a link to their certificate; a redelivery rewrites the same objects and mails nobody again', async () => {
    // Arrange: schedule 4 (`both`, course 3, 16 mailable recipients) routed to the cloud by a threshold of 1.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([4]);
    const clock = makeClock(THURSDAY_15_1730);
    await p.planner({ owner: 'planner', clock, cloudThreshold: 1 })(THURSDAY_15_1730);
    const certificateMessages = await p.receive('certificate');
    const issueCertificates = p.certificateWorker({ clock });
    const sendEmail = p.emailWorker({ clock });
    const jobId = jobIdFor(4, SLOT_15_1700);
    const eligible = EXPECTED_AUDIENCES[4]?.eligible ?? [];

    // Act
    for (const { body } of certificateMessages) await issueCertificates(parseWorkMessage(body));
    const emailMessages = await p.receive('email');
    const objects = await listObjects(p);
    for (const { body } of emailMessages) await sendEmail(parseWorkMessage(body));
    const mail = await p.sentMail();
    // Redelivery of every certificate message, and of the email messages it hands on again.
    clock.advance(120);
    for (const { body } of certificateMessages) await issueCertificates(parseWorkMessage(body));
    const objectsAfterRedelivery = await listObjects(p);
    const emailRedelivered = await p.receive('email');
    const redeliveryOutcomes = [];
    for (const { body } of emailRedelivered) redeliveryOutcomes.push(await sendEmail(parseWorkMessage(body)));

    // Assert
    expect(recipientIds(certificateMessages)).toEqual(eligible);
    expect(eligible).toHaveLength(16);
    // Certificates themselves do not need a mailable address; the mail does, so only these 16 get one.
    expect(eligible.every((userId) => EDGE_COURSE_CERTIFICATE.eligible.includes(userId))).toBe(true);
    expect(recipientIds(emailMessages)).toEqual(eligible);
    const carried = emailMessages.flatMap(({ message }) => message.certificates ?? []);
    expect(carried.map((certificate) => certificate.key)).toEqual(
      eligible.map((userId) => expectedKey(4, SLOT_15_1700, userId)),
    );
    expect([...objects.keys()].sort()).toEqual(carried.map((certificate) => certificate.key).sort());
    expect(mail).toHaveLength(16);
    // A mail is told apart by the verification code it carries: the store shows the To header as mailparser
    // displays it (domain lower-cased, punycode decoded), not the envelope address the worker sent to.
    for (const certificate of carried) {
      const theirs = mail.filter((email) => email.body.text?.includes(`Code: ${certificate.verificationCode}`));
      expect(theirs, `user ${certificate.userId}`).toHaveLength(1);
      expect(theirs[0]?.body.text).toContain(`${CERTIFICATE_LINK_BASE_URL}/${certificate.verificationCode}\n`);
    }
    expect(await p.jobs.getJob(jobId)).toMatchObject({
      status: 'completed',
      counts: { total: 16, sent: 16, certificates: 16, failed: 0, unconfirmed: 0 },
    });
    // Deterministic rendering: the same keys, the same bytes; the handed-on mail finds everyone settled.
    expect(objectsAfterRedelivery).toEqual(objects);
    expect(recipientIds(emailRedelivered)).toEqual(eligible);
    expect(redeliveryOutcomes).toEqual(emailRedelivered.map(() => 'done'));
    expect(await p.sentMail()).toHaveLength(16);
    expect((await p.jobs.getJob(jobId))?.counts).toMatchObject({ sent: 16, certificates: 16 });
  });

  it('a `both` job can attach the certificate instead of linking it, and then its default mail has no link', async () => {
    // Arrange
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([4]);
    const clock = makeClock(THURSDAY_15_1730);
    await p.planner({ owner: 'planner', clock, cloudThreshold: 1 })(THURSDAY_15_1730);
    const issueCertificates = p.certificateWorker({ clock });
    const sendEmail = p.emailWorker({ clock, delivery: 'attachment', defaultTemplates: true });

    // Act
    for (const { body } of await p.receive('certificate')) await issueCertificates(parseWorkMessage(body));
    const emailMessages = await p.receive('email');
    for (const { body } of emailMessages) await sendEmail(parseWorkMessage(body));

    // Assert
    const mail = await p.sentMail();
    expect(mail).toHaveLength(16);
    const codes = emailMessages.flatMap(({ message }) => message.certificates ?? []).map((c) => c.verificationCode);
    const attached = mail.flatMap((email) => email.attachments.map((attachment) => attachment.filename)).sort();
    expect(attached).toEqual(codes.map((code) => `certificate-${code}.pdf`).sort());
    expect(mail.every((email) => email.attachments[0]?.contentType === 'application/pdf')).toBe(true);
    // The default attachment mail asks for no link, so none is made up: the PDF is in the mail.
    for (const email of mail) {
      expect(email.body.text).toContain('is attached to this email');
      expect(`${email.body.text}${email.body.html ?? ''}`).not.toMatch(/https?:\/\/[^\s"]*certificates/);
    }
  });
});
