// The behaviour every RateLimiter must have (functions/ports.ts states it), whatever keeps the counts. Run it for an
// implementation with
//   describeLimiterContract('memory', async ({ max, windowSeconds }) => createMemoryRateLimiter({ ... }));
// The implementations read Date.now() (the Redis one in the client, which hands the time to its script), so the window
// test sets the clock with Vitest's fake Date rather than waiting on it.
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { RateLimiter } from '../../functions/ports.ts';

const key = () => randomBytes(12).toString('base64url');

export function describeLimiterContract(
  name: string,
  makeLimiter: (options: { max: number; windowSeconds: number }) => Promise<RateLimiter>,
): void {
  describe(`RateLimiter contract: ${name}`, () => {
    it('allows max requests in a burst for one key, then refuses with a Retry-After within the window', async () => {
      const limiter = await makeLimiter({ max: 3, windowSeconds: 600 });
      const id = key();
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await limiter.limit(id));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
      expect(results.slice(0, 3).map((r) => r.retryAfter)).toEqual([0, 0, 0]);
      for (const refused of results.slice(3)) {
        expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
        expect(refused.retryAfter).toBeLessThanOrEqual(600);
      }
    });

    it('counts each key apart: one network at its limit does not limit another', async () => {
      const limiter = await makeLimiter({ max: 1, windowSeconds: 600 });
      const [a, b] = [key(), key()];
      expect((await limiter.limit(a)).allowed).toBe(true);
      expect((await limiter.limit(a)).allowed).toBe(false);
      expect((await limiter.limit(b)).allowed).toBe(true);
    });

    it('allows a key again once two windows have passed without a request', async () => {
      // The clock is set, not waited on: both limiters read Date.now() (@upstash/ratelimit computes its windows in
      // the client and hands the time to Redis), so the first two requests fall on one instant inside one window,
      // and "two windows later" is exactly that. (Waiting on the wall clock, a loaded machine could put the second
      // request in the next window, where a sliding window rightly allows it.) Only Date is faked: timers and
      // sockets run as usual.
      vi.useFakeTimers({ toFake: ['Date'], now: Math.ceil(Date.now() / 1000) * 1000 + 100 });
      try {
        const limiter = await makeLimiter({ max: 1, windowSeconds: 1 });
        const id = key();
        expect((await limiter.limit(id)).allowed).toBe(true);
        expect((await limiter.limit(id)).allowed).toBe(false);
        vi.setSystemTime(Date.now() + 2_100);
        expect((await limiter.limit(id)).allowed).toBe(true);
      } finally {
        vi.useRealTimers();
      }
    });
  });
}
