/**
 * Retry delays for throttled sends. Pure: the random source is injected.
 */
import { ValidationError } from './errors.js';

/** The bounds of the exponential ceiling. */
export interface BackoffOptions {
  /** Ceiling of the first retry (attempt 0), in milliseconds. */
  baseMs: number;
  /** The ceiling never grows beyond this, in milliseconds. */
  maxMs: number;
}

/**
 * "Full jitter" backoff: a uniformly random delay in `[0, min(maxMs, baseMs × 2^attempt))`. Spreading retries over
 * the whole window keeps many throttled workers from retrying in lock-step, which would be throttled again.
 *
 * @param attempt Retries already made for this send: 0 before the first retry.
 * @param random A source of numbers in `[0, 1)`, `Math.random` in production.
 * @returns Whole milliseconds to wait.
 * @throws ValidationError for a negative or fractional attempt, or bounds that are not `0 < baseMs <= maxMs`.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const { baseMs, maxMs } = options;
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new ValidationError('attempt', attempt, 'must be a whole number ≥ 0');
  }
  if (!(baseMs > 0) || !Number.isFinite(baseMs)) throw new ValidationError('baseMs', baseMs, 'must be > 0');
  if (!(maxMs >= baseMs) || !Number.isFinite(maxMs)) throw new ValidationError('maxMs', maxMs, 'must be ≥ baseMs');
  // 2^attempt overflows to Infinity for large attempts; Math.min then settles on maxMs.
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  // Clamp so that a random source returning 1, or garbage such as NaN, cannot leave the window.
  const drawn = random();
  const fraction = Number.isFinite(drawn) ? Math.min(Math.max(drawn, 0), 1) : 0;
  return Math.min(Math.floor(fraction * ceiling), Math.ceil(ceiling) - 1);
}
