import { describe, expect, it } from 'vitest';
import { backoffDelay } from '#domain/backoff.js';
import { ValidationError } from '#domain/errors.js';

const BOUNDS = { baseMs: 100, maxMs: 5_000 };
// The largest double below 1, what Math.random can return at most.
const ALMOST_ONE = 1 - Number.EPSILON / 2;

describe('backoffDelay (full jitter)', () => {
  it.each([
    [0, 100],
    [1, 200],
    [2, 400],
    [5, 3_200],
    [6, 5_000],
    [60, 5_000],
    [5_000, 5_000],
  ])('attempt %i stays in [0, %i)', (attempt, ceiling) => {
    // Arrange / Act
    const lowest = backoffDelay(attempt, BOUNDS, () => 0);
    const highest = backoffDelay(attempt, BOUNDS, () => ALMOST_ONE);

    // Assert
    expect(lowest).toBe(0);
    expect(highest).toBe(ceiling - 1);
  });

  it('spreads delays uniformly over the window', () => {
    // Arrange / Act
    const delay = backoffDelay(3, BOUNDS, () => 0.25);

    // Assert: a quarter of the 800 ms ceiling.
    expect(delay).toBe(200);
  });

  it('stays inside the window even if the random source misbehaves', () => {
    // Arrange / Act
    const delays = [1, 1.5, -0.5, Number.NaN].map((value) => backoffDelay(2, BOUNDS, () => value));

    // Assert
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(400);
    }
  });

  it('returns whole milliseconds with the default random source', () => {
    // Arrange / Act
    const delays = Array.from({ length: 50 }, () => backoffDelay(4, BOUNDS));

    // Assert
    for (const delay of delays) {
      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(1_600);
    }
  });

  it.each([
    [-1, BOUNDS, 'attempt'],
    [1.5, BOUNDS, 'attempt'],
    [0, { baseMs: 0, maxMs: 10 }, 'baseMs'],
    [0, { baseMs: 100, maxMs: 50 }, 'maxMs'],
    [0, { baseMs: 100, maxMs: Number.POSITIVE_INFINITY }, 'maxMs'],
  ])('rejects attempt %s with bounds %o', (attempt, bounds, field) => {
    // Arrange / Act / Assert
    expect(() => backoffDelay(attempt, bounds)).toThrow(ValidationError);
    expect(() => backoffDelay(attempt, bounds)).toThrow(field);
  });
});
