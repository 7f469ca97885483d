import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildVerificationUrl,
  isVerificationCode,
  makeVerificationCode,
  VERIFICATION_CODE_BYTES,
} from '#domain/certificate.js';
import { ValidationError } from '#domain/errors.js';

describe('makeVerificationCode', () => {
  it.each([
    // All bits clear / all set: the first and last symbols of the alphabet.
    ['all zero', new Uint8Array(10), '0000-0000-0000-0000'],
    ['all 0xff', new Uint8Array(10).fill(0xff), 'ZZZZ-ZZZZ-ZZZZ-ZZZZ'],
    // 00 01 02 03 04 | 05 06 07 08 09 in 5-bit groups, worked by hand:
    // 00000 00000 00000 10000 00100 00000 11000 00100 → 0 0 0 16(G) 4 0 24(R) 4
    // 00000 10100 00011 00000 01110 00010 00000 01001 → 0 20(M) 3 0 14(E) 2 0 9
    ['bytes 0..9', Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), '000G-40R4-0M30-E209'],
  ])('encodes %s in Crockford base32', (_label, bytes, expected) => {
    // Act
    const code = makeVerificationCode(bytes);

    // Assert
    expect(code).toBe(expected);
  });

  it('gives the same code for the same bytes and reads only the first 80 bits', () => {
    // Arrange
    const bytes = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const longer = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xff, 0xee]);

    // Act
    const codes = [makeVerificationCode(bytes), makeVerificationCode(bytes), makeVerificationCode(longer)];

    // Assert
    expect(new Set(codes)).toEqual(new Set(['000G-40R4-0M30-E209']));
  });

  it('refuses fewer than 80 bits of randomness', () => {
    // Arrange
    const nine = new Uint8Array(9);

    // Act
    const act = () => makeVerificationCode(nine);

    // Assert
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(/randomBytes: needs at least 10 bytes/);
  });

  it('draws 20,000 distinct, well-formed codes from real randomness, using every symbol', () => {
    // Arrange
    const draws = 20_000;

    // Act
    const codes = Array.from({ length: draws }, () => makeVerificationCode(randomBytes(VERIFICATION_CODE_BYTES)));

    // Assert: 80 bits make a collision in 20,000 draws a 1-in-10^16 event, so any repeat is a bug.
    expect(new Set(codes).size).toBe(draws);
    expect(codes.every((code) => /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/.test(code))).toBe(true);
    expect(new Set(codes.join('').replaceAll('-', ''))).toEqual(new Set('0123456789ABCDEFGHJKMNPQRSTVWXYZ'));
  });
});

describe('isVerificationCode', () => {
  it.each(['000G-40R4-0M30-E209', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', '7K3M-9QXH-2B4N-D8RT'])('accepts %s', (code) => {
    // Act
    const result = isVerificationCode(code);

    // Assert
    expect(result).toBe(true);
  });

  it.each([
    ['lower case', '7k3m-9qxh-2b4n-d8rt'],
    ['the excluded letter I', 'I000-0000-0000-0000'],
    ['the excluded letter L', '0L00-0000-0000-0000'],
    ['the excluded letter O', '00O0-0000-0000-0000'],
    ['the excluded letter U', '000U-0000-0000-0000'],
    ['no hyphens', '7K3M9QXH2B4ND8RT'],
    ['a short group', '7K3M-9QX-2B4N-D8RT'],
    ['a fifth group', '7K3M-9QXH-2B4N-D8RT-0000'],
    ['surrounding space', ' 7K3M-9QXH-2B4N-D8RT'],
    ['empty', ''],
  ])('rejects %s', (_label, code) => {
    // Act
    const result = isVerificationCode(code);

    // Assert
    expect(result).toBe(false);
  });
});

describe('buildVerificationUrl', () => {
  it.each([
    [
      'a Moodle page',
      'https://learn.example.org/local/manireports/verify.php',
      'https://learn.example.org/local/manireports/verify.php?code=7K3M-9QXH-2B4N-D8RT',
    ],
    [
      'a page with a query already',
      'https://learn.example.org/verify.php?lang=fr',
      'https://learn.example.org/verify.php?lang=fr&code=7K3M-9QXH-2B4N-D8RT',
    ],
    ['a plain-http test site', 'http://localhost:8080/verify', 'http://localhost:8080/verify?code=7K3M-9QXH-2B4N-D8RT'],
  ])('adds the code to %s', (_label, baseUrl, expected) => {
    // Act
    const url = buildVerificationUrl(baseUrl, '7K3M-9QXH-2B4N-D8RT');

    // Assert
    expect(url).toBe(expected);
  });

  it.each([
    ['a relative path', '/local/manireports/verify.php', 'verificationBaseUrl'],
    ['another scheme', 'ftp://learn.example.org/verify', 'verificationBaseUrl'],
    ['an empty base', '', 'verificationBaseUrl'],
  ])('rejects %s', (_label, baseUrl, field) => {
    // Act
    const act = () => buildVerificationUrl(baseUrl, '7K3M-9QXH-2B4N-D8RT');

    // Assert
    expect(act).toThrow(expect.objectContaining({ field }));
  });

  it('rejects a code that is not one', () => {
    // Act
    const act = () => buildVerificationUrl('https://learn.example.org/verify.php', 'not-a-code');

    // Assert
    expect(act).toThrow(expect.objectContaining({ field: 'verificationCode' }));
  });
});
