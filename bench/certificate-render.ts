/**
 * Certificate render cost on one core: median and p95 milliseconds per certificate and the size of each PDF,
 * over names in the four scripts the renderer must print. The first render (font loading) is reported apart.
 */
import { randomBytes } from 'node:crypto';
import { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
import { buildVerificationUrl, makeVerificationCode, VERIFICATION_CODE_BYTES } from '#domain/certificate.js';
import { summarizeSamples } from './statistics.js';

const NAMES = ['Zoë Ångström-Łukasiewicz', 'Nguyễn Thị Minh Khai', 'Анна Кузнецова', 'Αλέξανδρος Παπαδόπουλος'];
const LANGS = ['en', 'vi', 'ru', 'el'];

export interface CertificateBenchResult {
  certificates: number;
  firstRenderMs: number;
  medianMs: number;
  p95Ms: number;
  medianKb: number;
}

export async function benchCertificateRender(count: number): Promise<CertificateBenchResult> {
  const renderer = makePdfCertificateRenderer();
  const durations: number[] = [];
  const sizes: number[] = [];
  let firstRenderMs = 0;
  for (let index = 0; index <= count; index += 1) {
    const code = makeVerificationCode(randomBytes(VERIFICATION_CODE_BYTES));
    const started = performance.now();
    const pdf = await renderer.render({
      recipientName: NAMES[index % NAMES.length] ?? 'Learner',
      courseName: 'Workplace Safety: Hazard Awareness and Reporting',
      siteName: 'ManiReports Demo Academy',
      issuedAt: 1_767_225_600 + index * 86_400,
      lang: LANGS[index % LANGS.length] ?? 'en',
      timeZone: 'Europe/London',
      verificationCode: code,
      verificationUrl: buildVerificationUrl('https://moodle.example.org/local/manireports/verify.php', code),
    });
    const elapsed = performance.now() - started;
    // The first render reads and parses the fonts; it is a cold start, not the steady cost.
    if (index === 0) firstRenderMs = elapsed;
    else {
      durations.push(elapsed);
      sizes.push(pdf.byteLength / 1024);
    }
  }
  const time = summarizeSamples(durations);
  return {
    certificates: count,
    firstRenderMs: Math.round(firstRenderMs),
    medianMs: Math.round(time.median * 10) / 10,
    p95Ms: Math.round(time.p95 * 10) / 10,
    medianKb: Math.round(summarizeSamples(sizes).median * 10) / 10,
  };
}
