/**
 * END TO END WITH THE PRODUCTION RENDERER (issue #9): the same failure path as unsupported-characters.test.ts, but
 * with the certificate worker's own renderer (HarfBuzz shaping over the Noto fallback chain), not a test renderer.
 * A name in Cherokee (ᏣᎳᎩ, a script the renderer ships no font for) fails that recipient with
 * `unsupported_characters`, while names in Chinese and Arabic on the same job are issued; and `render-certificate`
 * exits with 1 naming the characters. Needs the renderer that throws UnsupportedCharactersError. (Cherokee is in
 * the Basic Multilingual Plane: fauxqs, unlike SQS, refuses message bodies with characters beyond it.)
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobIdFor } from '#domain/cloud-job.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { deriveVerificationCode } from '#domain/verification-code.js';
import { runCli } from '../cli/run-cli.js';
import { useDemoUserRenames } from './demo-user-names.js';
import { makeClock, usePipelines, VERIFICATION_SECRET } from './harness.js';
import { FEBRUARY_1_0800, SLOT_FEB_1_0730 } from './moments.js';

const pipelines = usePipelines();
const rename = useDemoUserRenames(pipelines.servers);

/** Tsalagi, "Cherokee", in the Cherokee syllabary. */
const CHEROKEE = 'ᏣᎳᎩ';

describe('end to end with the production renderer: a character no font covers', () => {
  it('fails only that recipient, with its code points, and issues the Chinese and Arabic names beside it', async () => {
    // Arrange: schedule 3 (certificates) in the cloud; three of its seven learners renamed.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([3], { 3: { cloudPreference: 'cloud' } });
    await rename(60, '王', '小明');
    await rename(61, 'محمد', 'عبد الله');
    await rename(65, CHEROKEE, 'Sequoyah');
    const clock = makeClock(FEBRUARY_1_0800);
    await p.planner({ owner: 'planner', clock })(FEBRUARY_1_0800);
    const issueCertificates = p.certificateWorker({ clock }); // the harness's production renderer
    const jobId = jobIdFor(3, SLOT_FEB_1_0730);

    // Act
    const outcomes = [];
    for (const { body } of await p.receive('certificate'))
      outcomes.push(await issueCertificates(parseWorkMessage(body)));

    // Assert
    expect(outcomes.every((outcome) => outcome === 'done')).toBe(true);
    const rows = new Map((await p.recipientRows(jobId)).map((row) => [row.userId, row]));
    expect(rows.get(65)).toMatchObject({
      status: 'failed',
      lastError: 'unsupported_characters: U+13E3 U+13B3 U+13A9 in recipientName',
    });
    expect(rows.get(65)?.certificateKey).toBeUndefined();
    expect(await p.registry.find(deriveVerificationCode(VERIFICATION_SECRET, jobId, 65))).toBeUndefined();
    expect(rows.get(60)).toMatchObject({ status: 'sent', certificateKey: expect.stringContaining('/user-60-') });
    expect(rows.get(61)).toMatchObject({ status: 'sent', certificateKey: expect.stringContaining('/user-61-') });
    expect(await p.jobs.getJob(jobId)).toMatchObject({
      status: 'completed_with_failures',
      counts: { total: 7, sent: 6, certificates: 6, failed: 1 },
    });
  });

  it('render-certificate exits with 1, names the flag and the character, and writes nothing', async () => {
    // Arrange
    const dir = await mkdtemp(join(tmpdir(), 'render-certificate-e2e-'));
    const out = join(dir, 'c.pdf');

    try {
      // Act
      const result = await runCli([
        'render-certificate',
        '--name',
        `${CHEROKEE} Sequoyah`,
        '--course',
        'Onboarding',
        '--out',
        out,
      ]);

      // Assert
      expect(result.code).toBe(1);
      expect(result.err).toEqual([
        'manireports-cloud render-certificate: unsupported_characters: --name has U+13E3 Ꮳ, U+13B3 Ꮃ, U+13A9 Ꭹ that no font covers; no certificate was written',
      ]);
      await expect(access(out)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
