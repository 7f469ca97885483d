/**
 * A per-process send-rate limiter. In AWS the total rate across workers stays under the SES maximum send rate
 * because SQS maximum concurrency × this per-worker rate is configured below it; this bucket holds one worker to its
 * share. Pure: the clock is injected and nothing here sleeps.
 */
import { ValidationError } from './errors.js';

const UNITS_PER_TOKEN = 1000;

/** Milliseconds since some fixed point, e.g. `Date.now` or `performance.now`. */
export type MillisecondClock = () => number;

/** How a {@link TokenBucket} is sized. */
export interface TokenBucketOptions {
  /** Tokens added per second: this worker's share of the send rate. */
  ratePerSecond: number;
  /** Most tokens held at once, i.e. the largest burst after a quiet spell. @default ratePerSecond, at least 1 */
  capacity?: number;
  clock: MillisecondClock;
}

/**
 * A token bucket that starts full. {@link TokenBucket.reserve} lets a caller go into debt, so concurrent senders in
 * one process each get their own later slot instead of all waking at once and racing for one token.
 */
export class TokenBucket {
  // Counted in thousandths of a token: a token per second is then exactly one unit per millisecond, so integer
  // rates on an integer clock never accumulate rounding error (0.99 + 0.01 tokens must make exactly 1).
  readonly #unitsPerMs: number;
  readonly #capacityUnits: number;
  readonly #capacity: number;
  readonly #clock: MillisecondClock;
  #units: number;
  #updatedAt: number;

  constructor(options: TokenBucketOptions) {
    const { ratePerSecond, clock } = options;
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new ValidationError('ratePerSecond', ratePerSecond, 'must be a finite number > 0');
    }
    const capacity = options.capacity ?? Math.max(1, ratePerSecond);
    if (!(capacity >= 1) || !Number.isFinite(capacity)) {
      throw new ValidationError('capacity', capacity, 'must be a finite number ≥ 1');
    }
    this.#unitsPerMs = ratePerSecond;
    this.#capacity = capacity;
    this.#capacityUnits = capacity * UNITS_PER_TOKEN;
    this.#clock = clock;
    this.#units = this.#capacityUnits;
    this.#updatedAt = clock();
  }

  /** Tokens available now (negative while reservations are outstanding). */
  available(): number {
    this.#refill();
    return this.#units / UNITS_PER_TOKEN;
  }

  /** Takes `count` tokens if they are all there now; otherwise takes none. */
  tryTake(count = 1): boolean {
    this.#checkCount(count);
    this.#refill();
    if (this.#units < count * UNITS_PER_TOKEN) return false;
    this.#units -= count * UNITS_PER_TOKEN;
    return true;
  }

  /** Milliseconds until `count` tokens will be there, without taking them; 0 when they are there now. */
  msUntilAvailable(count = 1): number {
    this.#checkCount(count);
    this.#refill();
    const missing = count * UNITS_PER_TOKEN - this.#units;
    return missing <= 0 ? 0 : Math.ceil(missing / this.#unitsPerMs);
  }

  /**
   * Takes `count` tokens now, going into debt if need be, and returns the milliseconds the caller must wait before
   * using them (0 when they were there).
   */
  reserve(count = 1): number {
    const wait = this.msUntilAvailable(count);
    this.#units -= count * UNITS_PER_TOKEN;
    return wait;
  }

  #checkCount(count: number): void {
    // More than the capacity could never be available at once, so tryTake would fail forever.
    if (!(count > 0) || count > this.#capacity) {
      throw new ValidationError('count', count, `must be > 0 and ≤ the capacity ${this.#capacity}`);
    }
  }

  #refill(): void {
    const now = this.#clock();
    // A clock that steps backwards (wall-clock adjustment) must not drain the bucket.
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#units = Math.min(this.#capacityUnits, this.#units + elapsed * this.#unitsPerMs);
    this.#updatedAt = Math.max(now, this.#updatedAt);
  }
}
