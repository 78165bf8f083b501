// The behaviour every TipQueue must have, whatever stores it. Run it for an implementation with
//   describeQueueContract('sqlite', async () => openSqliteQueue({ dataDir: await tempDir() }));
// Each test gets a fresh, empty queue from makeQueue and closes it afterwards. Times are passed explicitly, so
// the suite needs no fake timers; they are far from the real clock on purpose (nothing may read Date.now()).
import { createHash, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewTip, TipQueue } from '../../functions/ports.ts';

const t0 = Date.UTC(2031, 0, 15, 10, 20, 30, 456);
const minute = 60_000;

export function newTip(overrides: Partial<NewTip> = {}): NewTip {
  const id = overrides.id ?? randomUUID();
  return {
    id,
    armored: `-----BEGIN PGP MESSAGE-----\n\nwcBMA${id.replace(/-/g, '')}\n-----END PGP MESSAGE-----\n`,
    receiptHash: createHash('sha256').update(`receipt-${id}`).digest('hex'),
    ...overrides,
  };
}

export function describeQueueContract(name: string, makeQueue: () => Promise<TipQueue>): void {
  describe(`TipQueue contract: ${name}`, () => {
    let open: TipQueue[] = [];
    const fresh = async () => {
      const queue = await makeQueue();
      open.push(queue);
      return queue;
    };
    afterEach(async () => {
      await Promise.all(open.map((q) => q.close()));
      open = [];
    });
    /** Two tips queued and claimed (out for delivery). */
    const twoClaimed = async (q: TipQueue) => {
      const tips = [newTip(), newTip()] as const;
      for (const tip of tips) await q.enqueue(tip, t0);
      await q.claim(t0, minute, 10);
      return tips;
    };

    it('starts empty', async () => {
      const q = await fresh();
      expect(await q.counts()).toEqual({ pending: 0, dead: 0 });
      expect(await q.claim(t0, minute, 10)).toEqual([]);
    });

    it('enqueue makes a tip claimable at once, with its ciphertext and no attempts', async () => {
      const q = await fresh();
      const tip = newTip();
      await q.enqueue(tip, t0);
      expect(await q.counts()).toEqual({ pending: 1, dead: 0 });
      expect(await q.receiptStatus(tip.receiptHash)).toBe('waiting');
      const claimed = await q.claim(t0, minute, 10);
      expect(claimed).toEqual([{ id: tip.id, armored: tip.armored, attempts: 0 }]);
    });

    it('keeps a large ciphertext byte for byte', async () => {
      const q = await fresh();
      const tip = newTip();
      tip.armored = `-----BEGIN PGP MESSAGE-----\n\n${'QUJD'.repeat(600_000)}\n-----END PGP MESSAGE-----\n`;
      await q.enqueue(tip, t0);
      const [claimed] = await q.claim(t0, minute, 1);
      expect(claimed?.armored).toBe(tip.armored);
    });

    it('a claimed tip is leased: not claimed again until the lease expires', async () => {
      const q = await fresh();
      const tip = newTip();
      await q.enqueue(tip, t0);
      expect(await q.claim(t0, 5 * minute, 10)).toHaveLength(1);
      expect(await q.claim(t0 + minute, 5 * minute, 10)).toEqual([]);
      expect(await q.claim(t0 + 5 * minute - 1, 5 * minute, 10)).toEqual([]);
      // The claimer crashed: after the lease the tip is claimable again, still with its content.
      const again = await q.claim(t0 + 5 * minute + 1, 5 * minute, 10);
      expect(again.map((t) => [t.id, t.armored])).toEqual([[tip.id, tip.armored]]);
      expect(await q.counts()).toEqual({ pending: 1, dead: 0 });
    });

    it('claim respects the limit and hands each tip to one claimer', async () => {
      const q = await fresh();
      const tips = [newTip(), newTip(), newTip(), newTip(), newTip()];
      for (const tip of tips) await q.enqueue(tip, t0);
      const first = await q.claim(t0, minute, 2);
      const second = await q.claim(t0, minute, 2);
      const third = await q.claim(t0, minute, 2);
      expect([first.length, second.length, third.length]).toEqual([2, 2, 1]);
      const ids = [...first, ...second, ...third].map((t) => t.id).sort();
      expect(ids).toEqual(tips.map((t) => t.id).sort());
      expect(await q.claim(t0, minute, 10)).toEqual([]);
    });

    it('concurrent claims never hand out the same tip twice', async () => {
      const q = await fresh();
      const tips = Array.from({ length: 20 }, () => newTip());
      for (const tip of tips) await q.enqueue(tip, t0);
      const batches = await Promise.all(Array.from({ length: 8 }, () => q.claim(t0, minute, 5)));
      const ids = batches.flat().map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(20);
    });

    it('markDelivered removes the tip and turns its receipt to delivered', async () => {
      const q = await fresh();
      const [tip, other] = await twoClaimed(q);
      await q.markDelivered(tip.id, t0 + 1000);
      expect(await q.receiptStatus(tip.receiptHash)).toBe('delivered');
      expect(await q.receiptStatus(other.receiptHash)).toBe('waiting');
      expect(await q.counts()).toEqual({ pending: 1, dead: 0 });
      // Even after every lease ran out, only the undelivered tip comes back.
      const later = await q.claim(t0 + 60 * minute, minute, 10);
      expect(later.map((t) => t.id)).toEqual([other.id]);
    });

    it('markDelivered twice (a duplicate send after an expired lease) is harmless', async () => {
      const q = await fresh();
      const tip = newTip();
      await q.enqueue(tip, t0);
      await q.claim(t0, minute, 1);
      await q.markDelivered(tip.id, t0 + 1000);
      await q.markDelivered(tip.id, t0 + 2000);
      expect(await q.receiptStatus(tip.receiptHash)).toBe('delivered');
      expect(await q.counts()).toEqual({ pending: 0, dead: 0 });
    });

    it('a code shared by two tips says delivered only when both are', async () => {
      const q = await fresh();
      const a = newTip();
      const b = newTip({ receiptHash: a.receiptHash });
      await q.enqueue(a, t0);
      await q.enqueue(b, t0);
      await q.claim(t0, minute, 10);
      await q.markDelivered(a.id, t0);
      expect(await q.receiptStatus(a.receiptHash)).toBe('waiting');
      await q.markDelivered(b.id, t0);
      expect(await q.receiptStatus(a.receiptHash)).toBe('delivered');
    });

    it('receiptStatus is unknown for a code never seen', async () => {
      const q = await fresh();
      await q.enqueue(newTip(), t0);
      expect(await q.receiptStatus(createHash('sha256').update('nobody').digest('hex'))).toBe('unknown');
    });

    it('markRetry counts the attempt, releases the lease and delays the tip until nextAttemptAt', async () => {
      const q = await fresh();
      const tip = newTip();
      await q.enqueue(tip, t0);
      await q.claim(t0, 10 * minute, 1);
      await q.markRetry(tip.id, t0 + 2 * minute, 'connection refused');
      expect(await q.claim(t0 + 2 * minute - 1, minute, 10)).toEqual([]);
      const [again] = await q.claim(t0 + 2 * minute, minute, 10);
      expect(again).toEqual({ id: tip.id, armored: tip.armored, attempts: 1 });
      await q.markRetry(tip.id, t0 + 3 * minute, 'timeout');
      const [third] = await q.claim(t0 + 3 * minute, minute, 10);
      expect(third?.attempts).toBe(2);
      expect(await q.receiptStatus(tip.receiptHash)).toBe('waiting');
      expect(await q.counts()).toEqual({ pending: 1, dead: 0 });
    });

    it('markDead keeps the tip as a dead letter that is never claimed', async () => {
      const q = await fresh();
      const tip = newTip();
      await q.enqueue(tip, t0);
      await q.claim(t0, minute, 1);
      await q.markDead(tip.id, '550 mailbox unavailable');
      expect(await q.counts()).toEqual({ pending: 0, dead: 1 });
      expect(await q.claim(t0 + 1_000 * minute, minute, 10)).toEqual([]);
      // The tipster is not told it failed: it is still waiting for an operator.
      expect(await q.receiptStatus(tip.receiptHash)).toBe('waiting');
    });

    it('retryDead moves dead letters back to pending, due now, with a fresh attempt count', async () => {
      const q = await fresh();
      const dead = newTip();
      const alive = newTip();
      await q.enqueue(dead, t0);
      await q.enqueue(alive, t0);
      await q.claim(t0, minute, 10);
      await q.markRetry(dead.id, t0 + minute, 'timeout');
      await q.claim(t0 + minute, minute, 10);
      await q.markDead(dead.id, 'gave up');
      const later = t0 + 100 * minute;
      expect(await q.retryDead(later)).toBe(1);
      expect(await q.retryDead(later)).toBe(0);
      expect(await q.counts()).toEqual({ pending: 2, dead: 0 });
      const claimed = await q.claim(later, minute, 10);
      const revived = claimed.find((t) => t.id === dead.id);
      expect(revived).toEqual({ id: dead.id, armored: dead.armored, attempts: 0 });
    });

    it('purgeDead deletes only dead letters, and their codes become unknown', async () => {
      const q = await fresh();
      const dead = newTip();
      const alive = newTip();
      await q.enqueue(dead, t0);
      await q.enqueue(alive, t0);
      await q.claim(t0, minute, 10);
      await q.markDead(dead.id, 'gave up');
      expect(await q.purgeDead()).toBe(1);
      expect(await q.purgeDead()).toBe(0);
      expect(await q.counts()).toEqual({ pending: 1, dead: 0 });
      expect(await q.receiptStatus(dead.receiptHash)).toBe('unknown');
      expect(await q.receiptStatus(alive.receiptHash)).toBe('waiting');
      const remaining = await q.claim(t0 + 10 * minute, minute, 10);
      expect(remaining.map((t) => t.id)).toEqual([alive.id]);
    });

    it('markUndeliverable makes a dead letter whose code says undeliverable; retry makes it waiting, purge keeps the word', async () => {
      const q = await fresh();
      const [tip, other] = await twoClaimed(q);
      await q.markUndeliverable(tip.id, 'not sealed to the configured task force keys', t0);
      expect(await q.receiptStatus(tip.receiptHash)).toBe('undeliverable');
      expect(await q.receiptStatus(other.receiptHash)).toBe('waiting');
      expect(await q.counts()).toEqual({ pending: 1, dead: 1 });
      expect(await q.claim(t0 + 1_000 * minute, minute, 10)).toHaveLength(1); // only the other one
      // An operator who fixed the keys retries it: waiting again, and claimable.
      expect(await q.retryDead(t0 + 2_000 * minute)).toBe(1);
      expect(await q.receiptStatus(tip.receiptHash)).toBe('waiting');
      const claimed = await q.claim(t0 + 2_000 * minute, minute, 10);
      expect(claimed.map((t) => t.id)).toContain(tip.id);
      await q.markUndeliverable(tip.id, 'not sealed to the configured task force keys', t0);
      // A purge deletes it, and the code keeps telling the tipster to report again.
      expect(await q.purgeDead()).toBe(1);
      expect(await q.receiptStatus(tip.receiptHash)).toBe('undeliverable');
      expect(await q.counts()).toEqual({ pending: 1, dead: 0 });
    });

    it('pendingTips pages through every pending tip, due or delayed, without claiming it; dead letters are not in it', async () => {
      const q = await fresh();
      const tips = Array.from({ length: 7 }, () => newTip());
      for (const tip of tips) await q.enqueue(tip, t0);
      await q.claim(t0, minute, 2);
      const [retried, dead] = (await q.claim(t0 + 10 * minute, minute, 10)).slice(0, 2);
      await q.markRetry(retried!.id, t0 + 100 * minute, 'timeout');
      await q.markDead(dead!.id, 'gave up');
      const seen = new Map<string, string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await q.pendingTips(cursor, 2);
        for (const tip of page.tips) seen.set(tip.id, tip.armored);
        cursor = page.next;
        pages++;
      } while (cursor !== null && pages < 100);
      expect([...seen.keys()].sort()).toEqual(
        tips
          .filter((t) => t.id !== dead!.id)
          .map((t) => t.id)
          .sort(),
      );
      for (const tip of tips) if (tip.id !== dead!.id) expect(seen.get(tip.id)).toBe(tip.armored);
      // Nothing was claimed by looking: every due tip can still be claimed.
      expect((await q.claim(t0 + 20 * minute, minute, 10)).length).toBe(5);
    });

    it('deadReasons groups the dead letters by reason, most frequent first', async () => {
      const q = await fresh();
      const tips = [newTip(), newTip(), newTip(), newTip()];
      for (const tip of tips) await q.enqueue(tip, t0);
      await q.claim(t0, minute, 10);
      expect(await q.deadReasons()).toEqual([]);
      await q.markDead(tips[0]!.id, 'permanent: 550 no such mailbox');
      await q.markUndeliverable(tips[1]!.id, 'not sealed to the configured keys', t0);
      await q.markUndeliverable(tips[2]!.id, 'not sealed to the configured keys', t0);
      expect(await q.deadReasons()).toEqual([
        { reason: 'not sealed to the configured keys', count: 2 },
        { reason: 'permanent: 550 no such mailbox', count: 1 },
      ]);
    });

    it('markRetry, markDead and markDelivered of an unknown id change nothing', async () => {
      const q = await fresh();
      const tip = newTip();
      await q.enqueue(tip, t0);
      await q.markRetry(randomUUID(), t0 + minute, 'x');
      await q.markDead(randomUUID(), 'x');
      await q.markUndeliverable(randomUUID(), 'x', t0);
      await q.markDelivered(randomUUID(), t0);
      expect(await q.counts()).toEqual({ pending: 1, dead: 0 });
      expect(await q.claim(t0, minute, 10)).toHaveLength(1);
    });
  });
}
