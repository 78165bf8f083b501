// The behaviour every UploadStaging must have, whatever stores it. Run it for an implementation with
//   describeStagingContract('sqlite', async ({ ttlMs }) => openSqliteStaging({ dataDir, ttlMs, ... }));
// Each test gets a fresh staging (ttlMs set when a test needs a short expiry) and closes it afterwards. The expiry
// test waits in real time: Redis expires keys on its own clock, so `now` alone cannot move it.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { serverLimits } from '../../functions/http/limits.ts';
import type { UploadStaging } from '../../functions/ports.ts';

export const newId = () => randomBytes(16).toString('base64url');
const part = (i: number, length = 100) => `${String.fromCharCode(65 + i)}`.repeat(length);

export function describeStagingContract(
  name: string,
  makeStaging: (options: { ttlMs?: number }) => Promise<UploadStaging>,
): void {
  describe(`UploadStaging contract: ${name}`, () => {
    let open: UploadStaging[] = [];
    const fresh = async (options: { ttlMs?: number } = {}) => {
      const staging = await makeStaging(options);
      open.push(staging);
      return staging;
    };
    afterEach(async () => {
      await Promise.all(open.map((s) => s.close()));
      open = [];
    });
    const now = () => Date.now();

    it('an unknown id has no plan, takes no part and takes as unknown', async () => {
      const s = await fresh();
      const id = newId();
      expect(await s.plan(id, now())).toBeNull();
      expect(await s.putPart(id, 0, part(0), now())).toBe('unknown');
      expect(await s.take(id, now())).toEqual({ status: 'unknown' });
      // A part for an unknown upload did not create it.
      expect(await s.plan(id, now())).toBeNull();
    });

    it('keeps the plan, assembles the parts in order whatever order they came in, and forgets the upload', async () => {
      const s = await fresh();
      const id = newId();
      await s.open(id, { parts: 3, bytes: 250 }, now());
      expect(await s.plan(id, now())).toEqual({ parts: 3, bytes: 250 });
      expect(await s.putPart(id, 2, part(2, 50), now())).toBe('stored');
      expect(await s.putPart(id, 0, part(0), now())).toBe('stored');
      expect(await s.putPart(id, 1, part(1), now())).toBe('stored');
      expect(await s.take(id, now())).toEqual({ status: 'complete', base64: part(0) + part(1) + part(2, 50) });
      expect(await s.plan(id, now())).toBeNull();
      expect(await s.take(id, now())).toEqual({ status: 'unknown' });
    });

    it('a re-sent part replaces the first copy (idempotent)', async () => {
      const s = await fresh();
      const id = newId();
      await s.open(id, { parts: 2, bytes: 200 }, now());
      expect(await s.putPart(id, 0, part(0), now())).toBe('stored');
      expect(await s.putPart(id, 0, part(0), now())).toBe('stored');
      expect(await s.putPart(id, 1, part(5), now())).toBe('stored');
      expect(await s.putPart(id, 1, part(1), now())).toBe('stored');
      expect(await s.take(id, now())).toEqual({ status: 'complete', base64: part(0) + part(1) });
    });

    it(`stores one part at most ${serverLimits.partWrites} times, then keeps the copy it has`, async () => {
      const s = await fresh();
      const id = newId();
      await s.open(id, { parts: 2, bytes: 200 }, now());
      for (let i = 0; i < serverLimits.partWrites; i++) expect(await s.putPart(id, 0, part(i), now())).toBe('stored');
      expect(await s.putPart(id, 0, part(9), now())).toBe('too-many-writes');
      expect(await s.putPart(id, 0, part(9), now())).toBe('too-many-writes');
      // Another part has its own count.
      expect(await s.putPart(id, 1, part(1), now())).toBe('stored');
      expect(await s.take(id, now())).toEqual({
        status: 'complete',
        base64: part(serverLimits.partWrites - 1) + part(1),
      });
    });

    it('refuses a part outside the plan', async () => {
      const s = await fresh();
      const id = newId();
      await s.open(id, { parts: 2, bytes: 200 }, now());
      expect(await s.putPart(id, 2, part(2), now())).toBe('out-of-range');
      expect(await s.putPart(id, -1, part(2), now())).toBe('out-of-range');
      expect(await s.take(id, now())).toEqual({ status: 'incomplete', missing: [0, 1] });
    });

    it('an incomplete take names the missing parts and changes nothing', async () => {
      const s = await fresh();
      const id = newId();
      await s.open(id, { parts: 3, bytes: 300 }, now());
      await s.putPart(id, 1, part(1), now());
      expect(await s.take(id, now())).toEqual({ status: 'incomplete', missing: [0, 2] });
      expect(await s.plan(id, now())).toEqual({ parts: 3, bytes: 300 });
      await s.putPart(id, 0, part(0), now());
      await s.putPart(id, 2, part(2), now());
      expect(await s.take(id, now())).toMatchObject({ status: 'complete' });
    });

    it('of two concurrent takes, exactly one gets the parts', async () => {
      const s = await fresh();
      const id = newId();
      await s.open(id, { parts: 1, bytes: 100 }, now());
      await s.putPart(id, 0, part(0), now());
      const results = await Promise.all([s.take(id, now()), s.take(id, now())]);
      expect(results.map((r) => r.status).sort()).toEqual(['complete', 'unknown']);
    });

    it('uploads are independent', async () => {
      const s = await fresh();
      const [a, b] = [newId(), newId()];
      await s.open(a, { parts: 1, bytes: 100 }, now());
      await s.open(b, { parts: 1, bytes: 100 }, now());
      await s.putPart(a, 0, part(0), now());
      await s.putPart(b, 0, part(1), now());
      await s.discard(a);
      expect(await s.take(a, now())).toEqual({ status: 'unknown' });
      expect(await s.take(b, now())).toEqual({ status: 'complete', base64: part(1) });
    });

    it('discard deletes an upload and its parts', async () => {
      const s = await fresh();
      const id = newId();
      await s.open(id, { parts: 2, bytes: 200 }, now());
      await s.putPart(id, 0, part(0), now());
      await s.discard(id);
      expect(await s.plan(id, now())).toBeNull();
      expect(await s.putPart(id, 1, part(1), now())).toBe('unknown');
      expect(await s.take(id, now())).toEqual({ status: 'unknown' });
    });

    it('an upload expires: then it is unknown, and a late part does not bring it back', async () => {
      const s = await fresh({ ttlMs: 300 });
      const id = newId();
      await s.open(id, { parts: 2, bytes: 200 }, now());
      await s.putPart(id, 0, part(0), now());
      expect(await s.plan(id, now())).not.toBeNull();
      await new Promise((r) => setTimeout(r, 450));
      await s.sweep(now());
      expect(await s.plan(id, now())).toBeNull();
      expect(await s.putPart(id, 1, part(1), now())).toBe('unknown');
      expect(await s.take(id, now())).toEqual({ status: 'unknown' });
    });

    it('holds parts of a few megabytes', async () => {
      const s = await fresh();
      const id = newId();
      const big = 'x'.repeat(3 * 1024 * 1024);
      await s.open(id, { parts: 2, bytes: big.length + 10 }, now());
      await s.putPart(id, 0, big, now());
      await s.putPart(id, 1, 'y'.repeat(10), now());
      const taken = await s.take(id, now());
      expect(taken.status).toBe('complete');
      expect(taken.status === 'complete' && taken.base64.length).toBe(big.length + 10);
    });
  });
}
