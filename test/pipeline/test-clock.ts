/** The clock every use case takes (epoch seconds), injected so that tests move time by hand: leases, claim timeouts. */
export interface TestClock {
  (): number;
  advance(seconds: number): void;
}

/** A clock that only moves when the test moves it. */
export function makeClock(start: number): TestClock {
  let now = start;
  const clock = (() => now) as TestClock;
  clock.advance = (seconds) => {
    now += seconds;
  };
  return clock;
}
