/**
 * A learner's name that no font covers, through the real pipeline (dynalite, fauxqs SQS and S3, aws-ses-v2-local,
 * the demo Moodle on PGlite): the certificate is not issued — nothing stored, registered or mailed — and the
 * recipient is failed for good with `unsupported_characters` naming the code points, counted, and shown on the
 * dashboard's failed-recipient drill-down and in the status API's recipients listing.
 *
 * The renderer is {@link makeCoverageLimitedRenderer}: a real port implementation whose fonts cover Latin only, so
 * the failure path is exercised whatever the production renderer's font chain covers.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { renderJobPage } from '#adapters/http/dashboard/job-page.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { makeStatusRoutes } from '#adapters/http/status-routes.js';
import { jobIdFor } from '#domain/cloud-job.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { deriveVerificationCode } from '#domain/verification-code.js';
import { makeDashboardData } from '#use-cases/read-dashboard.js';
import { EXPECTED_AUDIENCES } from '../bridge/demo-expectations.js';
import { makeRequest } from '../status-api/status-fixtures.js';
import { makeCoverageLimitedRenderer } from '../support/coverage-limited-renderer.js';
import { useDemoUserRenames } from './demo-user-names.js';
import { makeClock, type Pipeline, usePipelines, VERIFICATION_SECRET } from './harness.js';
import { FEBRUARY_1_0800, SLOT_15_1700, SLOT_FEB_1_0730, THURSDAY_15_1730 } from './moments.js';

const pipelines = usePipelines();
const renderer = makeCoverageLimitedRenderer();
const TOKEN = 'status-api-token-for-the-unsupported-characters-test';

const rename = useDemoUserRenames(pipelines.servers);

async function objectKeys(p: Pipeline): Promise<string[]> {
  const output = await p.s3.send(new ListObjectsV2Command({ Bucket: p.bucket }));
  return (output.Contents ?? []).map((object) => object.Key ?? '').sort();
}

describe('a name no font covers', () => {
  it('fails that recipient with unsupported_characters, issues nothing for them, and is not retried', async () => {
    // Arrange: schedule 3 (certificates, course 2) in the cloud; two of its seven learners renamed.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([3], { 3: { cloudPreference: 'cloud' } });
    await rename(61, '王', '小明'); // U+738B U+5C0F U+660E
    await rename(65, 'محمد', 'Smith'); // Arabic and Latin: only the Arabic letters are uncovered
    const clock = makeClock(FEBRUARY_1_0800);
    await p.planner({ owner: 'planner', clock })(FEBRUARY_1_0800);
    const queued = await p.receive('certificate');
    const issueCertificates = p.certificateWorker({ clock, renderer });
    const jobId = jobIdFor(3, SLOT_FEB_1_0730);
    const eligible = EXPECTED_AUDIENCES[3]?.eligible ?? [];
    const issuedTo = eligible.filter((userId) => userId !== 61 && userId !== 65);

    // Act: every message, then every message again (an SQS redelivery).
    const outcomes = [];
    for (const { body } of queued) outcomes.push(await issueCertificates(parseWorkMessage(body)));
    clock.advance(120);
    const redelivered = [];
    for (const { body } of queued) redelivered.push(await issueCertificates(parseWorkMessage(body)));

    // Assert: the message is done (no retry) and the two rows failed with the code points, in order of appearance.
    expect(outcomes).toEqual(queued.map(() => 'done'));
    expect(redelivered).toEqual(queued.map(() => 'done'));
    const rows = await p.recipientRows(jobId);
    const byUser = new Map(rows.map((row) => [row.userId, row]));
    expect(byUser.get(61)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'unsupported_characters: U+738B U+5C0F U+660E in recipientName',
    });
    expect(byUser.get(61)?.certificateKey).toBeUndefined();
    expect(byUser.get(65)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'unsupported_characters: U+0645 U+062D U+062F in recipientName',
    });
    expect(rows.filter((row) => row.status === 'sent').map((row) => row.userId)).toEqual(issuedTo);
    // Nothing stored or registered for them; everyone else has a certificate.
    const keys = await objectKeys(p);
    expect(keys).toHaveLength(issuedTo.length);
    expect(keys.some((key) => key.includes('/user-61-') || key.includes('/user-65-'))).toBe(false);
    expect(await p.registry.find(deriveVerificationCode(VERIFICATION_SECRET, jobId, 61))).toBeUndefined();
    expect(await p.registry.find(deriveVerificationCode(VERIFICATION_SECRET, jobId, 65))).toBeUndefined();
    expect(await p.registry.find(deriveVerificationCode(VERIFICATION_SECRET, jobId, 60))).toMatchObject({
      userId: 60,
    });
    // Counted once as failed, even after the redelivery; the job finishes with failures.
    expect(await p.jobs.getJob(jobId)).toMatchObject({
      status: 'completed_with_failures',
      counts: { total: 7, sent: 5, certificates: 5, failed: 2, unconfirmed: 0 },
    });
    expect(await p.receive('email')).toEqual([]);
    expect(await p.sentMail()).toEqual([]);
  });

  it('shows the reason on the dashboard drill-down and in the status API recipients listing', async () => {
    // Arrange
    const p = await pipelines.create();
    const { moodle } = pipelines.servers();
    await moodle.useSchedules([3], { 3: { cloudPreference: 'cloud' } });
    await rename(66, 'Ἀλέξανδρος', '中文'); // Greek is uncovered too, and comes first
    const clock = makeClock(FEBRUARY_1_0800);
    await p.planner({ owner: 'planner', clock })(FEBRUARY_1_0800);
    const issueCertificates = p.certificateWorker({ clock, renderer });
    for (const { body } of await p.receive('certificate')) await issueCertificates(parseWorkMessage(body));
    const jobId = jobIdFor(3, SLOT_FEB_1_0730);
    const reason =
      'unsupported_characters: U+1F08 U+03BB U+03AD U+03BE U+03B1 U+03BD U+03B4 U+03C1 U+03BF U+03C2 U+4E2D U+6587 in recipientName';
    const deps = {
      jobs: p.jobs,
      ledger: p.ledger,
      runState: p.runState,
      bridge: moodle.bridge,
      settings: { serverTimeZone: 'UTC' },
      clock: () => clock(),
    };
    const route = makeHttpRouter(makeStatusRoutes({ ...deps, keys: { token: TOKEN, secrets: [] } }));
    const data = makeDashboardData(deps);

    // Act
    const response = await route(makeRequest('GET', `/jobs/${jobId}/recipients?status=failed`, { bearer: TOKEN }));
    const job = await data.getJob(jobId);
    const failed = await data.listFailedRecipients(jobId, 50);
    const page = String(
      renderJobPage({
        job: job ?? expect.fail('the job is gone'),
        scheduleName: 'Workplace Safety monthly certificates',
        failedRecipients: failed,
        failedLimit: 50,
        refreshSeconds: 10,
      }),
    );

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      recipients: [{ userId: 66, status: 'failed', attempts: 1, reason, updatedAt: expect.any(String) }],
    });
    expect(job?.counts).toMatchObject({ failed: 1, sent: 6 });
    expect(page).toContain(`data-user-id="66"`);
    expect(page).toMatch(new RegExp(`data-testid="failed-reason">${reason.replaceAll('+', '\\+')}</td>`));
    expect(page).toContain('<dd data-testid="counter-failed">1</dd>');
  });

  it('in a `both` job, hands only the issued certificates to the email worker and mails nobody else', async () => {
    // Arrange: schedule 4 (`both`, 16 mailable recipients); one of them named in Devanagari.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([4]);
    const eligible = EXPECTED_AUDIENCES[4]?.eligible ?? [];
    const unprintable = eligible[3] as number;
    await rename(unprintable, 'राहुल', 'शर्मा');
    const clock = makeClock(THURSDAY_15_1730);
    await p.planner({ owner: 'planner', clock, cloudThreshold: 1 })(THURSDAY_15_1730);
    const issueCertificates = p.certificateWorker({ clock, renderer });
    const sendEmail = p.emailWorker({ clock });
    const jobId = jobIdFor(4, SLOT_15_1700);

    // Act
    const outcomes = [];
    for (const { body } of await p.receive('certificate'))
      outcomes.push(await issueCertificates(parseWorkMessage(body)));
    const emailMessages = await p.receive('email');
    for (const { body } of emailMessages) await sendEmail(parseWorkMessage(body));

    // Assert
    expect(outcomes.every((outcome) => outcome === 'done')).toBe(true);
    const handedOn = emailMessages.flatMap(({ message }) => message.recipients.map((r) => r.userId));
    const carried = emailMessages.flatMap(({ message }) => message.certificates ?? []).map((c) => c.userId);
    const others = eligible.filter((userId) => userId !== unprintable);
    expect(handedOn).toEqual(others);
    expect(carried).toEqual(others);
    expect(await p.sentMail()).toHaveLength(15);
    const rows = await p.recipientRows(jobId);
    expect(rows.find((row) => row.userId === unprintable)).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/^unsupported_characters: U\+0930 U\+093E U\+0939 .* in recipientName$/),
    });
    expect(await objectKeys(p)).toHaveLength(15);
    expect(await p.jobs.getJob(jobId)).toMatchObject({
      status: 'completed_with_failures',
      counts: { total: 16, sent: 15, certificates: 15, failed: 1 },
    });
  });
});
