// The behaviour every ReplayStore must have (functions/ports.ts), whatever remembers the ids. Run it for an
// implementation with
//   describeReplayContract('memory', async () => createMemoryReplayStore({ clock }));
// Real time: Redis expires keys on its own clock, so the expiry test waits.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReplayStore } from '../../functions/ports.ts';

const id = () => `altcha:${randomBytes(8).toString('hex')}`;

export function describeReplayContract(name: string, makeStore: () => Promise<ReplayStore>): void {
  describe(`ReplayStore contract: ${name}`, () => {
    it('accepts an id once within its time to live, and other ids on their own', async () => {
      const store = await makeStore();
      const [a, b] = [id(), id()];
      expect(await store.useOnce(a, 60)).toBe(true);
      expect(await store.useOnce(a, 60)).toBe(false);
      expect(await store.useOnce(b, 60)).toBe(true);
      expect(await store.useOnce(a, 60)).toBe(false);
    });

    it('of calls that race with one id, exactly one wins', async () => {
      const store = await makeStore();
      const raced = id();
      const results = await Promise.all(Array.from({ length: 8 }, () => store.useOnce(raced, 60)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('accepts the id again once its time to live has passed', async () => {
      const store = await makeStore();
      const short = id();
      expect(await store.useOnce(short, 1)).toBe(true);
      expect(await store.useOnce(short, 1)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(await store.useOnce(short, 1)).toBe(true);
    });
  });
}
