/**
 * A token bucket: `ratePerMinute` tokens a minute, at most `capacity` saved up, so in any minute at most
 * capacity + ratePerMinute messages leave. Time comes from the clock passed in (tests move it by hand).
 */
export function createTokenBucket(ratePerMinute: number, capacity: number, clock: () => number) {
  const perMs = ratePerMinute / 60_000;
  let tokens = capacity;
  let last = clock();
  const refill = () => {
    const now = clock();
    tokens = Math.min(capacity, tokens + Math.max(0, now - last) * perMs);
    last = now;
  };
  return {
    /** Takes up to `wanted` whole tokens, returning how many it took. */
    take(wanted: number): number {
      refill();
      const n = Math.max(0, Math.min(wanted, Math.floor(tokens)));
      tokens -= n;
      return n;
    },
    /** Returns tokens taken but not used. */
    giveBack(n: number): void {
      tokens = Math.min(capacity, tokens + n);
    },
    /** Milliseconds until one whole token is available. */
    msUntilNext(): number {
      refill();
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perMs);
    },
  };
}
