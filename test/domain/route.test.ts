import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.js';
import { DEFAULT_CLOUD_THRESHOLD, decideRoute } from '#domain/route.js';
import type { CloudPreference } from '#domain/schedule.js';

describe('decideRoute', () => {
  it.each<[CloudPreference, number, number, string, string, string]>([
    ['cloud', 0, 50, 'cloud', 'forced_cloud', "cloud_preference is 'cloud'"],
    ['cloud', 10_000, 50, 'cloud', 'forced_cloud', "cloud_preference is 'cloud'"],
    ['local', 10_000, 50, 'local', 'forced_local', "cloud_preference is 'local'"],
    ['local', 0, 50, 'local', 'forced_local', "cloud_preference is 'local'"],
    ['auto', 49, 50, 'local', 'auto_below_threshold', 'auto: 49 eligible recipients < threshold 50'],
    ['auto', 50, 50, 'cloud', 'auto_at_or_above_threshold', 'auto: 50 eligible recipients ≥ threshold 50'],
    ['auto', 51, 50, 'cloud', 'auto_at_or_above_threshold', 'auto: 51 eligible recipients ≥ threshold 50'],
    ['auto', 73, 50, 'cloud', 'auto_at_or_above_threshold', 'auto: 73 eligible recipients ≥ threshold 50'],
    ['auto', 0, 1, 'local', 'auto_below_threshold', 'auto: 0 eligible recipients < threshold 1'],
    ['auto', 1, 1, 'cloud', 'auto_at_or_above_threshold', 'auto: 1 eligible recipient ≥ threshold 1'],
  ])(
    '%s with %i eligible and threshold %i goes %s (%s)',
    (preference, eligible, threshold, route, reason, explanation) => {
      // Act
      const decision = decideRoute(preference, eligible, threshold);

      // Assert
      expect(decision).toEqual({ route, reason, explanation });
    },
  );

  it.each([0, -5, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects threshold %s, naming the field', (threshold) => {
    // Act
    const act = () => decideRoute('cloud', 10, threshold);

    // Assert
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(/^threshold: must be a whole number of recipients ≥ 1/);
  });

  it('defaults the threshold to 50', () => {
    // Assert
    expect(DEFAULT_CLOUD_THRESHOLD).toBe(50);
  });
});
