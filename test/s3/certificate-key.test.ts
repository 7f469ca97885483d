import { describe, expect, it } from 'vitest';
import { certificateKeyFor } from '#domain/certificate-key.js';
import { ValidationError } from '#domain/errors.js';

const PARTS = { scheduleId: 12, runSlot: 1_767_225_600, userId: 345, verificationCode: '7K3M-9QXH-2B4N-D8RT' };

describe('certificateKeyFor', () => {
  it('builds certificates/schedule-<id>/<runSlot>/user-<userId>-<code>.pdf', () => {
    // Arrange
    const parts = PARTS;

    // Act
    const key = certificateKeyFor(parts);

    // Assert
    expect(key).toBe('certificates/schedule-12/1767225600/user-345-7K3M-9QXH-2B4N-D8RT.pdf');
  });

  it('gives the same key for the same parts, so a retried render overwrites its own file', () => {
    // Arrange
    const again = { ...PARTS };

    // Act
    const keys = [certificateKeyFor(PARTS), certificateKeyFor(again)];

    // Assert
    expect(keys[0]).toBe(keys[1]);
  });

  it('accepts run slot 0', () => {
    // Arrange
    const parts = { ...PARTS, runSlot: 0 };

    // Act
    const key = certificateKeyFor(parts);

    // Assert
    expect(key).toContain('/0/');
  });

  it.each([
    ['scheduleId', { scheduleId: 0 }],
    ['runSlot', { runSlot: -1 }],
    ['userId', { userId: 3.5 }],
    ['userId', { userId: Number.NaN }],
    ['verificationCode', { verificationCode: '../../etc' }],
    ['verificationCode', { verificationCode: '7k3m-9qxh-2b4n-d8rt' }],
  ])('rejects a bad %s', (field, change) => {
    // Arrange
    const parts = { ...PARTS, ...change };

    // Act
    const build = () => certificateKeyFor(parts);

    // Assert
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(new RegExp(`^${field}: `));
  });
});
