import { createTokenBucket } from '../../src/mail/rate-limiter';

describe('token bucket', () => {
  it('lets out a burst up to its capacity, then ratePerMinute a minute, and gives back unused tokens', () => {
    let now = 0;
    const bucket = createTokenBucket(120, 5, () => now);
    expect(bucket.take(10)).toBe(5);
    expect(bucket.take(1)).toBe(0);
    expect(bucket.msUntilNext()).toBe(500);
    now += 60_000;
    expect(bucket.take(1000)).toBe(5);
    let sent = 0;
    for (let second = 0; second < 60; second++) {
      now += 1000;
      sent += bucket.take(1000);
    }
    expect(sent).toBe(120);
    bucket.giveBack(2);
    expect(bucket.take(10)).toBe(2);
  });

  it('ignores a clock that goes backwards', () => {
    let now = 10_000;
    const bucket = createTokenBucket(60, 1, () => now);
    expect(bucket.take(1)).toBe(1);
    now = 0;
    expect(bucket.take(1)).toBe(0);
  });
});
