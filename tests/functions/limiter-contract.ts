// The behaviour every RateLimiter must have (functions/ports.ts states it), whatever keeps the counts. Run it for an
// implementation with
//   describeLimiterContract('memory', async ({ max, windowSeconds }) => createMemoryRateLimiter({ ... }));
// The implementations run on real time (Redis keeps its own), so the window tests use a one-second window and wait.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../functions/ports.ts';

const key = () => randomBytes(12).toString('base64url');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
      const limiter = await makeLimiter({ max: 1, windowSeconds: 1 });
      const id = key();
      expect((await limiter.limit(id)).allowed).toBe(true);
      expect((await limiter.limit(id)).allowed).toBe(false);
      await sleep(2_100);
      expect((await limiter.limit(id)).allowed).toBe(true);
    });
  });
}
