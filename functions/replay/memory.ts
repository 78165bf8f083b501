// The in-process replay store: remembers each accepted proof-of-work id until its challenge has expired, so one
// solution buys one tip. Bounded: at most `maxEntries` ids; expired ones go first, then the oldest (those closest
// to expiring). Several instances need the shared Redis store instead.
import type { Clock, ReplayStore } from '../ports.ts';

export function createMemoryReplayStore(options: { clock: Clock; maxEntries?: number }): ReplayStore {
  const { clock } = options;
  const maxEntries = options.maxEntries ?? 100_000;
  const seen = new Map<string, number>(); // id → expiry (ms); insertion order ≈ expiry order

  const evict = (now: number) => {
    for (const [id, expires] of seen) {
      if (expires > now && seen.size < maxEntries) break;
      seen.delete(id);
    }
  };

  return {
    async useOnce(id: string, ttlSeconds: number): Promise<boolean> {
      const now = clock.now();
      const expires = seen.get(id);
      if (expires !== undefined && expires > now) return false;
      seen.delete(id);
      evict(now);
      seen.set(id, now + ttlSeconds * 1000);
      return true;
    },
  };
}
