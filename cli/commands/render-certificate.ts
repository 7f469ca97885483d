/**
 * `render-certificate`: one certificate from the flags, drawn by the renderer the certificate worker uses, so an
 * admin can preview the template (a name in another script, a long course title, a language) before a run.
 * Text no font covers writes no file and exits with 1, naming the flag and the characters (as the worker would fail
 * that recipient with `unsupported_characters`).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
import {
  buildVerificationUrl,
  type CertificateRenderer,
  makeVerificationCode,
  VERIFICATION_CODE_BYTES,
} from '#domain/certificate.js';
import { AppError } from '#domain/errors.js';
import { isKnownTimeZone } from '#domain/time-zone.js';
import {
  formatCodePoint,
  UNSUPPORTED_CHARACTERS_REASON,
  UnsupportedCharactersError,
} from '#domain/unsupported-characters-error.js';
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

/** Which flag printed each field, so the error names what the admin typed. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  recipientName: '--name',
  courseName: '--course',
  siteName: '--site',
};

/** The text of one flag holds characters no font of the renderer covers: nothing was written (exit 1). */
export class CertificateNotRenderedError extends AppError {}

/**
 * @param renderer the certificate worker's renderer unless a test passes another implementation of the port.
 */
export async function runRenderCertificate(
  args: string[],
  io: CliIo,
  renderer: CertificateRenderer = makePdfCertificateRenderer(),
): Promise<void> {
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

  const pdf = await renderer
    .render({
      recipientName,
      courseName,
      siteName: flags.site,
      issuedAt,
      lang: flags.lang,
      timeZone: flags.tz,
      verificationCode,
      verificationUrl,
    })
    .catch((error: unknown) => {
      if (!(error instanceof UnsupportedCharactersError)) throw error;
      throw new CertificateNotRenderedError(describeUncovered(error), { cause: error });
    });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, pdf);
  io.out(
    `Wrote ${out} (${Math.ceil(pdf.length / 1024)} KiB): verification code ${verificationCode}, ${verificationUrl}`,
  );
}

/** `unsupported_characters: --name has U+738B 王, U+5C0F 小 that no font covers; no certificate was written`. */
function describeUncovered(error: UnsupportedCharactersError): string {
  const flag = FLAG_OF_FIELD[error.field] ?? error.field;
  const characters = error.codePoints.map((codePoint) => `${formatCodePoint(codePoint)} ${printable(codePoint)}`);
  return `${UNSUPPORTED_CHARACTERS_REASON}: ${flag} has ${characters.join(', ')} that no font covers; no certificate was written`;
}

/** The character itself, unless a terminal would act on it or show nothing (control, format, private, unassigned). */
function printable(codePoint: number): string {
  const character = String.fromCodePoint(codePoint);
  return /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u.test(character) ? '(not printable)' : character;
}
