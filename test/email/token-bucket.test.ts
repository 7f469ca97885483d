import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.js';
import { TokenBucket } from '#domain/token-bucket.js';

/** A clock the test moves by hand: no timers and no real time involved. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    set: (ms: number) => {
      now = ms;
    },
  };
}

describe('TokenBucket', () => {
  it('starts full, allows a burst of its capacity, then refuses', () => {
    // Arrange
    const { clock } = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, capacity: 3, clock });

    // Act
    const taken = [bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()];

    // Assert
    expect(taken).toEqual([true, true, true, false]);
  });

  it('refills at the configured rate', () => {
    // Arrange
    const time = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, capacity: 1, clock: time.clock });
    bucket.tryTake();

    // Act
    time.advance(99);
    const tooEarly = bucket.tryTake();
    const wait = bucket.msUntilAvailable();
    time.advance(1);
    const onTime = bucket.tryTake();

    // Assert
    expect(tooEarly).toBe(false);
    expect(wait).toBe(1);
    expect(onTime).toBe(true);
  });

  it('never holds more than its capacity after a long quiet spell', () => {
    // Arrange
    const time = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 5, capacity: 2, clock: time.clock });

    // Act
    time.advance(60 * 60 * 1000);

    // Assert
    expect(bucket.available()).toBe(2);
  });

  it('defaults the capacity to one second of tokens', () => {
    // Arrange
    const { clock } = fakeClock();

    // Act
    const bucket = new TokenBucket({ ratePerSecond: 14, clock });

    // Assert
    expect(bucket.available()).toBe(14);
  });

  it('keeps any window of sends under rate × window + capacity', () => {
    // Arrange: a greedy sender that tries every millisecond for 10 simulated seconds.
    const time = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 7, capacity: 2, clock: time.clock });
    let sent = 0;

    // Act
    for (let ms = 0; ms < 10_000; ms++) {
      if (bucket.tryTake()) sent++;
      time.advance(1);
    }

    // Assert: at most the 2 held up front plus 7 per second, and no tokens wasted: 9.999 s refill 69.993 tokens.
    expect(sent).toBeLessThanOrEqual(2 + 7 * 10);
    expect(sent).toBe(2 + 69);
  });

  it('gives concurrent reservations successive slots instead of one shared wake-up', () => {
    // Arrange
    const { clock } = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, capacity: 1, clock });

    // Act
    const waits = [bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()];

    // Assert
    expect(waits).toEqual([0, 100, 200, 300]);
    expect(bucket.available()).toBe(-3);
  });

  it('pays off reservations before granting new tokens', () => {
    // Arrange
    const time = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, capacity: 1, clock: time.clock });
    bucket.reserve();
    bucket.reserve();

    // Act
    time.advance(100);
    const afterOneSlot = bucket.tryTake();
    time.advance(100);
    const afterTwoSlots = bucket.tryTake();

    // Assert
    expect(afterOneSlot).toBe(false);
    expect(afterTwoSlots).toBe(true);
  });

  it('does not drain when the clock steps backwards', () => {
    // Arrange
    const time = fakeClock(50_000);
    const bucket = new TokenBucket({ ratePerSecond: 1, capacity: 2, clock: time.clock });
    bucket.tryTake();

    // Act
    time.set(10_000);
    const afterStepBack = bucket.available();
    time.set(11_000);
    const oneSecondLater = bucket.available();

    // Assert: the backwards step neither adds nor removes tokens, and time after it is not counted twice.
    expect(afterStepBack).toBe(1);
    expect(oneSecondLater).toBe(1);
  });

  it.each([
    [{ ratePerSecond: 0 }, 'ratePerSecond'],
    [{ ratePerSecond: Number.NaN }, 'ratePerSecond'],
    [{ ratePerSecond: 5, capacity: 0.5 }, 'capacity'],
  ])('rejects %o', (options, field) => {
    // Arrange
    const { clock } = fakeClock();

    // Act / Assert
    expect(() => new TokenBucket({ ...options, clock })).toThrow(ValidationError);
    expect(() => new TokenBucket({ ...options, clock })).toThrow(field);
  });

  it('rejects a request larger than the capacity, which could never be met', () => {
    // Arrange
    const { clock } = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 5, capacity: 2, clock });

    // Act / Assert
    expect(() => bucket.tryTake(3)).toThrow(ValidationError);
    expect(() => bucket.reserve(0)).toThrow(ValidationError);
  });
});
