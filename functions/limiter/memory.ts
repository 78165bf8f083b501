// The in-process rate limiter for the self-hosted server (one process). A sliding log: each key keeps the times of
// its last `max` allowed requests, so "5 tips per 10 minutes" means exactly that at every moment, with no burst at
// window edges. Keys are already HMACs of an address prefix (http/client-key.ts), never addresses.
// Memory is bounded: at most `maxKeys` keys, the stalest dropped first (a flood of new keys can only make the
// limiter forget, never grow without bound).
import type { Clock, RateLimiter, RateLimitResult } from '../ports.ts';

export interface MemoryRateLimiterOptions {
  max: number;
  windowMs: number;
  clock: Clock;
  maxKeys?: number;
}

export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): RateLimiter {
  const { max, windowMs, clock } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  // Map keeps insertion order; a key is re-inserted on each allowed request, so the first entries are the stalest.
  const hits = new Map<string, number[]>();

  return {
    async limit(key: string): Promise<RateLimitResult> {
      const now = clock.now();
      const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
      if (recent.length >= max) {
        hits.set(key, recent);
        const retryAfter = Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
        return { allowed: false, retryAfter };
      }
      recent.push(now);
      hits.delete(key);
      hits.set(key, recent);
      if (hits.size > maxKeys) {
        for (const [stale] of hits) {
          hits.delete(stale);
          if (hits.size <= maxKeys) break;
        }
      }
      return { allowed: true, retryAfter: 0 };
    },
  };
}
