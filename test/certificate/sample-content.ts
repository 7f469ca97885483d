import type { CertificateContent } from '#domain/certificate.js';

/** 23:30 UTC on 15 April 2026: already the 16th in Auckland (UTC+12). */
export const ISSUED_AT = Date.parse('2026-04-15T23:30:00Z') / 1000;
export const CODE = '7K3M-9QXH-2B4N-D8RT';
export const VERIFICATION_URL = `https://learn.northfield.example/local/manireports/verify.php?code=${CODE}`;

/** The four scripts a certificate must print; the names as given, the expected text written out by hand. */
export const NAMES_BY_SCRIPT = [
  ['Latin with diacritics', 'Zoë Ångström-Łukasiewicz'],
  ['Vietnamese', 'Nguyễn Thị Minh Khai'],
  ['Cyrillic', 'Анна Кузнецова'],
  ['Greek', 'Αλέξανδρος Παπαδόπουλος'],
] as const;

/** A certificate for Auckland in English; override any field. */
export function sampleContent(overrides: Partial<CertificateContent> = {}): CertificateContent {
  return {
    recipientName: 'Zoë Ångström-Łukasiewicz',
    courseName: 'Introduction to Clinical Research Ethics',
    siteName: 'Northfield University Online Learning',
    issuedAt: ISSUED_AT,
    lang: 'en',
    timeZone: 'Pacific/Auckland',
    verificationCode: CODE,
    verificationUrl: VERIFICATION_URL,
    ...overrides,
  };
}
