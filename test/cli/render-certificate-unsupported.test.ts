/**
 * `render-certificate` with text no font covers: no file, and an error naming the flag and the characters. The
 * renderer is {@link makeCoverageLimitedRenderer}, a real port implementation whose fonts cover Latin only.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '#cli/cli-io.js';
import { CertificateNotRenderedError, runRenderCertificate } from '#cli/commands/render-certificate.js';
import { AppError } from '#domain/errors.js';
import { makeCoverageLimitedRenderer } from '../support/coverage-limited-renderer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'render-certificate-unsupported-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const renderer = makeCoverageLimitedRenderer();
const io = (out: string[]): CliIo => ({ out: (line) => out.push(line), err: () => undefined, env: {}, now: () => 0 });
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('render-certificate with characters no font covers', () => {
  it('writes nothing and names the flag and each character with its code point', async () => {
    // Arrange
    const out = join(dir, 'wang.pdf');
    const printed: string[] = [];

    // Act
    const failure = await runRenderCertificate(
      ['--name', '王小明', '--course', 'Onboarding', '--out', out],
      io(printed),
      renderer,
    ).catch((error: unknown) => error);

    // Assert: an AppError other than a usage error, so `main` prints it and exits with 1.
    expect(failure).toBeInstanceOf(CertificateNotRenderedError);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as Error).message).toBe(
      'unsupported_characters: --name has U+738B 王, U+5C0F 小, U+660E 明 that no font covers; no certificate was written',
    );
    expect(await exists(out)).toBe(false);
    expect(printed).toEqual([]);
  });

  it('names --course and --site for those fields, and shows a format character by code point only', async () => {
    // Act
    const course = await runRenderCertificate(
      ['--name', 'Ada', '--course', 'Course 101 – אבטחה', '--out', join(dir, 'course.pdf')],
      io([]),
      renderer,
    ).catch((error: unknown) => error as Error);
    const site = await runRenderCertificate(
      ['--name', 'Ada', '--course', 'Safety', '--site', 'Academy \u{E0041}', '--out', join(dir, 'site.pdf')],
      io([]),
      renderer,
    ).catch((error: unknown) => error as Error);

    // Assert
    expect(course?.message).toMatch(
      /^unsupported_characters: --course has U\+05D0 א, U\+05D1 ב, U\+05D8 ט, U\+05D7 ח, U\+05D4 ה /,
    );
    expect(site?.message).toMatch(/^unsupported_characters: --site has U\+E0041 \(not printable\) that no font/);
  });

  it('still writes the certificate when every character is covered', async () => {
    // Arrange
    const out = join(dir, 'covered.pdf');
    const printed: string[] = [];

    // Act
    await runRenderCertificate(
      ['--name', 'Zoë Łukasiewicz', '--course', 'Onboarding', '--out', out],
      io(printed),
      renderer,
    );

    // Assert
    expect(await exists(out)).toBe(true);
    expect(printed[0]).toMatch(/^Wrote .*covered\.pdf/);
  });
});
