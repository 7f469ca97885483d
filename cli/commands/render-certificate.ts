/**
 * `render-certificate`: one certificate from the flags, drawn by the renderer the certificate worker uses, so an
 * admin can preview the template (a name in another script, a long course title, a language) before a run.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
import { buildVerificationUrl, makeVerificationCode, VERIFICATION_CODE_BYTES } from '#domain/certificate.js';
import { isKnownTimeZone } from '#domain/time-zone.js';
import type { CliIo } from '../cli-io.js';
import { parseFlags, requireFlag } from '../parse-flags.js';
import { parseTime } from '../parse-time.js';
import { UsageError } from '../usage-error.js';

const FLAGS = {
  name: { type: 'string' },
  course: { type: 'string' },
  lang: { type: 'string', default: 'en' },
  date: { type: 'string' },
  tz: { type: 'string', default: 'UTC' },
  site: { type: 'string', default: 'ManiReports Demo Academy' },
  'verify-url': { type: 'string', default: 'https://moodle.example.org/local/manireports/verify.php' },
  out: { type: 'string' },
} as const;

export async function runRenderCertificate(args: string[], io: CliIo): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  const recipientName = requireFlag(flags.name, '--name');
  const courseName = requireFlag(flags.course, '--course');
  const out = resolve(requireFlag(flags.out, '--out'));
  if (!isKnownTimeZone(flags.tz)) throw new UsageError(`--tz: "${flags.tz}" is not a known time zone`);
  const issuedAt = flags.date === undefined ? io.now() : parseTime(flags.date, '--date', flags.tz);
  // A preview gets a fresh random code, as a real issue would; the worker derives its codes from a secret instead.
  const verificationCode = makeVerificationCode(randomBytes(VERIFICATION_CODE_BYTES));
  let verificationUrl: string;
  try {
    verificationUrl = buildVerificationUrl(flags['verify-url'], verificationCode);
  } catch (error) {
    throw new UsageError(`--verify-url: "${flags['verify-url']}" is not an absolute http(s) URL`, { cause: error });
  }

  const pdf = await makePdfCertificateRenderer().render({
    recipientName,
    courseName,
    siteName: flags.site,
    issuedAt,
    lang: flags.lang,
    timeZone: flags.tz,
    verificationCode,
    verificationUrl,
  });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, pdf);
  io.out(
    `Wrote ${out} (${Math.ceil(pdf.length / 1024)} KiB): verification code ${verificationCode}, ${verificationUrl}`,
  );
}
