/**
 * Renders sample certificates for a person to look at (not a test):
 * `[COURSE=…] npx tsx test/certificate/render-sample.ts [out.pdf] [lang] [name]`, then
 * `pdftoppm -png -r 60 out.pdf out` to see it.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
import { buildVerificationUrl, makeVerificationCode, VERIFICATION_CODE_BYTES } from '#domain/certificate.js';

const [out = '/tmp/certificate-sample.pdf', lang = 'en', name = 'Zoë Ångström-Łukasiewicz'] = process.argv.slice(2);
const verificationCode = makeVerificationCode(randomBytes(VERIFICATION_CODE_BYTES));
const started = performance.now();
const pdf = await makePdfCertificateRenderer().render({
  recipientName: name,
  courseName: process.env.COURSE ?? 'Introduction to Clinical Research Ethics and Good Clinical Practice',
  siteName: 'Northfield University Online Learning',
  issuedAt: Date.parse('2026-04-15T23:30:00Z') / 1000,
  lang,
  timeZone: 'Pacific/Auckland',
  verificationCode,
  verificationUrl: buildVerificationUrl(
    'https://learn.northfield.example/local/manireports/verify.php',
    verificationCode,
  ),
});
const firstMs = performance.now() - started;
await writeFile(out, pdf);
console.log(`${out}: ${pdf.length} bytes, first render ${firstMs.toFixed(0)} ms`);
