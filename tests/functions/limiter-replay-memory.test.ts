// The in-process rate limiter and replay store: the ports' contracts (as the Redis ones pass them in
// limiter-replay-redis.test.ts), and what only the in-process ones promise: an exact sliding log, and bounded memory.
import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../functions/limiter/memory.ts';
import { createMemoryReplayStore } from '../../functions/replay/memory.ts';
import { describeLimiterContract } from './limiter-contract.ts';
import { describeReplayContract } from './replay-contract.ts';

const noon = Date.UTC(2031, 4, 10, 12);
const realClock = { now: () => Date.now() };

describeLimiterContract('in process', async ({ max, windowSeconds }) =>
  createMemoryRateLimiter({ max, windowMs: windowSeconds * 1000, clock: realClock }),
);
describeReplayContract('in process', async () => createMemoryReplayStore({ clock: realClock }));

describe('in-process rate limiter', () => {
  it('allows 5 per 10 minutes per key as a sliding window, with a Retry-After to the next free slot', async () => {
    let now = noon;
    const limiter = createMemoryRateLimiter({ max: 5, windowMs: 600_000, clock: { now: () => now } });
    for (let i = 0; i < 5; i++) {
      expect(await limiter.limit('a')).toEqual({ allowed: true, retryAfter: 0 });
      now += 60_000;
    }
    // now = noon + 5 min; the first hit frees up at noon + 10 min.
    expect(await limiter.limit('a')).toEqual({ allowed: false, retryAfter: 300 });
    expect((await limiter.limit('b')).allowed).toBe(true);
    now = noon + 600_000 - 1;
    expect((await limiter.limit('a')).allowed).toBe(false); // the first hit is still inside the window
    now += 1;
    expect((await limiter.limit('a')).allowed).toBe(true);
    expect((await limiter.limit('a')).allowed).toBe(false);
  });

  it('keeps at most maxKeys keys, forgetting the stalest', async () => {
    const limiter = createMemoryRateLimiter({ max: 1, windowMs: 600_000, clock: { now: () => noon }, maxKeys: 2 });
    expect((await limiter.limit('a')).allowed).toBe(true);
    expect((await limiter.limit('a')).allowed).toBe(false);
    await limiter.limit('b');
    await limiter.limit('c'); // pushes out 'a'
    expect((await limiter.limit('a')).allowed).toBe(true);
  });
});

describe('in-process replay store', () => {
  it('accepts an id once until its time to live has passed', async () => {
    let now = noon;
    const store = createMemoryReplayStore({ clock: { now: () => now } });
    expect(await store.useOnce('x', 60)).toBe(true);
    expect(await store.useOnce('x', 60)).toBe(false);
    expect(await store.useOnce('y', 60)).toBe(true);
    now += 59_999;
    expect(await store.useOnce('x', 60)).toBe(false);
    now += 2;
    expect(await store.useOnce('x', 60)).toBe(true);
  });

  it('is bounded: the oldest id is forgotten when full', async () => {
    const store = createMemoryReplayStore({ clock: { now: () => noon }, maxEntries: 2 });
    await store.useOnce('a', 600);
    await store.useOnce('b', 600);
    await store.useOnce('c', 600);
    expect(await store.useOnce('b', 600)).toBe(false);
    expect(await store.useOnce('c', 600)).toBe(false);
    expect(await store.useOnce('a', 600)).toBe(true);
  });
});
