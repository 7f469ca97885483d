import { describe, expect, it } from 'vitest';
import { decodeMetadataValue, encodeMetadataValue } from '#adapters/s3/encode-metadata.js';

describe('encodeMetadataValue (RFC 2047 encoded-words)', () => {
  it('keeps printable ASCII as it is', () => {
    // Arrange
    const value = 'schedule-12-slot-1767225600 (100%)';

    // Act
    const encoded = encodeMetadataValue(value);

    // Assert
    expect(encoded).toBe(value);
  });

  it('encodes non-ASCII text as =?UTF-8?B?…?= words that S3 decodes the same way', () => {
    // Arrange
    const value = 'Sécurité';

    // Act
    const encoded = encodeMetadataValue(value);

    // Assert
    expect(encoded).toBe(`=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`);
    expect(decodeMetadataValue(encoded)).toBe(value);
  });

  it.each([
    ['long Cyrillic', 'Безопасность труда и охрана здоровья на рабочем месте, модуль 3'],
    ['emoji across word boundaries', '🎓'.repeat(30)],
    ['a line break', 'line one\nline two'],
    ['edge spaces', '  padded  '],
    ['text that looks encoded', '=?UTF-8?B?YQ==?='],
  ])('round-trips %s with every word at most 75 ASCII characters', (_name, value) => {
    // Arrange
    const original = value;

    // Act
    const encoded = encodeMetadataValue(original);

    // Assert
    expect(encoded).toMatch(/^[\x20-\x7E]+$/);
    for (const word of encoded.split(' ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeMetadataValue(encoded)).toBe(original);
  });

  it('leaves a value that is not all encoded-words untouched when decoding', () => {
    // Arrange
    const value = 'plain =?UTF-8?B?YQ==?=';

    // Act
    const decoded = decodeMetadataValue(value);

    // Assert
    expect(decoded).toBe(value);
  });
});
