import { describe, expect, it } from 'vitest';
import {
  type CertificateContent,
  checkCertificateContent,
  formatIssueDate,
  resolveLocale,
} from '#domain/certificate.js';
import { ValidationError } from '#domain/errors.js';

// 23:30 UTC on 15 April 2026 is already 11:30 on the 16th in Auckland (UTC+12 in April).
const LATE_EVENING_UTC = Date.parse('2026-04-15T23:30:00Z') / 1000;

describe('formatIssueDate', () => {
  it.each([
    ['en', 'April 16, 2026'],
    ['fr', '16 avril 2026'],
    ['de', '16. April 2026'],
    ['es', '16 de abril de 2026'],
    ['ru', '16 апреля 2026 г.'],
    ['el', '16 Απριλίου 2026'],
    ['en_us', 'April 16, 2026'],
    ['fr_ca', '16 avril 2026'],
  ])('writes the Auckland date in %s: %s', (lang, expected) => {
    // Act
    const date = formatIssueDate(LATE_EVENING_UTC, lang, 'Pacific/Auckland');

    // Assert
    expect(date).toBe(expected);
  });

  it.each([
    ['UTC', 'April 15, 2026'],
    ['Pacific/Auckland', 'April 16, 2026'],
    ['America/Los_Angeles', 'April 15, 2026'],
    ['+14:00', 'April 16, 2026'],
  ])('puts the same instant on the day it was in %s', (timeZone, expected) => {
    // Act
    const date = formatIssueDate(LATE_EVENING_UTC, 'en', timeZone);

    // Assert
    expect(date).toBe(expected);
  });

  it.each([
    ['an unknown language', 'xx'],
    ['a Moodle pack with a non-BCP 47 suffix', 'en_us_k12'],
    ['an empty code', ''],
    ['garbage', '!!'],
  ])('writes English for %s', (_label, lang) => {
    // Act
    const date = formatIssueDate(LATE_EVENING_UTC, lang, 'Pacific/Auckland');

    // Assert
    expect(date).toBe('April 16, 2026');
  });

  it.each([
    ["Moodle's 'server default' marker", '99'],
    ['an unknown zone', 'Mars/Olympus'],
    ['an empty zone', ''],
  ])('refuses %s, which the caller must resolve', (_label, timeZone) => {
    // Act
    const act = () => formatIssueDate(LATE_EVENING_UTC, 'en', timeZone);

    // Assert
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(expect.objectContaining({ field: 'timeZone', value: timeZone }));
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1e13])('refuses the issue time %s', (issuedAt) => {
    // Act
    const act = () => formatIssueDate(issuedAt, 'en', 'UTC');

    // Assert
    expect(act).toThrow(expect.objectContaining({ field: 'issuedAt' }));
  });
});

describe('resolveLocale', () => {
  it.each([
    ['en', 'en'],
    ['en_us', 'en-US'],
    ['pt_br', 'pt-BR'],
    ['FR_CA', 'fr-CA'],
    ['sr_lt', 'sr-Latn'],
    ['de_du', 'de'],
    ['en_us_k12', 'en-US'],
    ['xx', 'en'],
    ['', 'en'],
  ])('%j → %s', (lang, expected) => {
    // Act
    const locale = resolveLocale(lang);

    // Assert
    expect(locale).toBe(expected);
  });
});

describe('checkCertificateContent', () => {
  const valid: CertificateContent = {
    recipientName: 'Анна Кузнецова',
    courseName: 'Safety basics',
    siteName: 'Northfield',
    issuedAt: LATE_EVENING_UTC,
    lang: 'ru',
    timeZone: 'Europe/Moscow',
    verificationCode: '7K3M-9QXH-2B4N-D8RT',
    verificationUrl: 'https://learn.example.org/verify.php?code=7K3M-9QXH-2B4N-D8RT',
  };

  it('accepts complete content', () => {
    // Act
    const act = () => checkCertificateContent(valid);

    // Assert
    expect(act).not.toThrow();
  });

  it.each([
    ['recipientName', { recipientName: '  ' }],
    ['courseName', { courseName: '' }],
    ['siteName', { siteName: '\n' }],
    ['verificationCode', { verificationCode: '7k3m-9qxh-2b4n-d8rt' }],
    ['verificationUrl', { verificationUrl: 'https://learn.example.org/verify.php?code=0000-0000-0000-0000' }],
    ['timeZone', { timeZone: '99' }],
    ['issuedAt', { issuedAt: Number.NaN }],
  ])('names %s when it breaks a rule', (field, override) => {
    // Act
    const act = () => checkCertificateContent({ ...valid, ...override });

    // Assert
    expect(act).toThrow(expect.objectContaining({ field }));
  });
});
