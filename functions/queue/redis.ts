// The tip queue on Redis Streams, for several instances or serverless functions sharing one Redis (Upstash over
// REST, or a self-hosted Redis over TCP with `appendonly yes` + `appendfsync always`).
//
// Layout (P = key prefix, default "tipline:"). No key or value holds an address, and no time of a tipster's:
//   P stream       stream of delivery tickets {id}, consumer group "mailer". Entry ids are 0-1, 0-2, …: an
//                  automatic id ("<ms>-<seq>") would record the millisecond each tip arrived
//   P body         hash  tip id → armored ciphertext (deleted once SMTP accepted the mail)
//   P attempts     hash  tip id → failed sends so far
//   P receipt-of   hash  tip id → receiptHash (to update the receipt)
//   P where        hash  tip id → "s:<entry>" ticket in the stream | "d" waiting for a retry | "x:<entry>" dead |
//                  "u:<entry>" dead and undeliverable (its receipt already says so)
//   P reason       hash  tip id → last failure reason (content-free, from the forwarder)
//   P lease        zset  tip id → end of the current claim's lease (caller's clock)
//   P delayed      zset  tip id → when the next attempt is due (backoff); moved back into the stream when due
//   P dead         stream of dead letters {id, reason}
//   P receipt:<h>  number of tips still waiting under that code, or "delivered" or "undeliverable"; with a TTL.
//                  h = SHA-256 of the code
//
// Claiming: XREADGROUP hands each new ticket to exactly one claimer and puts it in the group's pending list; the
// ticket leaves that list (XACK) and the stream (XDEL) only when the tip was delivered, retried later or given up.
// A claimer that dies leaves its ticket pending: when its lease has run out, the next claim takes it over (XCLAIM).
// Leases are kept in a sorted set on the caller's clock, as the port defines them, and not with XAUTOCLAIM's
// min-idle: that is measured on Redis's own clock, which the callers' `now` need not match (the contract tests run
// in 2031 to the millisecond), and reading Redis's clock inside a script is what Upstash asks scripts not to do.
//
// Every state change is one Lua script (queue/redis-scripts.ts), atomic, touching only the keys it is given.
import type {
  ClaimedTip,
  DeadLetterReason,
  NewTip,
  PendingPage,
  QueueCounts,
  ReceiptStatus,
  TipQueue,
} from '../ports.ts';
import type { RedisClient } from '../redis/client.ts';
import { defaultRedisPrefix } from '../redis/settings.ts';
import { failureReason } from './failure-reason.ts';
import {
  CLAIM,
  COUNTS,
  DEAD_LETTER,
  DELIVERED,
  ENQUEUE,
  LIST_DEAD,
  PURGE_DEAD,
  RETRY,
  RETRY_DEAD,
} from './redis-scripts.ts';

export interface RedisQueueOptions {
  /** Key prefix, e.g. "tipline:". */
  prefix?: string;
  /** How long a receipt's status can be looked up after its last change (seconds); default 90 days. */
  receiptTtlSeconds?: number;
}

const GROUP = 'mailer';
// One consumer name for every instance: leases are tracked per tip, not per consumer, and a fixed name keeps
// serverless invocations from piling up thousands of consumers in the group.
const CONSUMER = 'forwarder';

const tipIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const receiptHashPattern = /^[0-9a-f]{64}$/;

export function createRedisQueue(redis: RedisClient, options: RedisQueueOptions = {}): TipQueue {
  const p = options.prefix ?? defaultRedisPrefix;
  const k = {
    stream: `${p}stream`,
    body: `${p}body`,
    attempts: `${p}attempts`,
    receiptOf: `${p}receipt-of`,
    where: `${p}where`,
    reason: `${p}reason`,
    lease: `${p}lease`,
    delayed: `${p}delayed`,
    dead: `${p}dead`,
  };
  const receiptKey = (hash: string) => `${p}receipt:${receiptHashPattern.test(hash) ? hash : '-'}`;
  const receiptTtl = Math.max(60, Math.floor(options.receiptTtlSeconds ?? 90 * 86_400));

  let groupReady: Promise<void> | null = null;
  const ensureGroup = (): Promise<void> => {
    // Start id 0, not $: tickets added before the group existed are handed out too.
    groupReady ??= redis.call('XGROUP', 'CREATE', k.stream, GROUP, '0', 'MKSTREAM').then(
      () => undefined,
      (error: unknown) => {
        if (error instanceof Error && /BUSYGROUP/.test(error.message)) return;
        groupReady = null;
        throw error;
      },
    );
    return groupReady;
  };
  /** Runs a stream operation, re-creating the consumer group once if the stream was wiped (NOGROUP). */
  const withGroup = async <T>(run: () => Promise<T>): Promise<T> => {
    await ensureGroup();
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof Error && /NOGROUP/.test(error.message))) throw error;
      groupReady = null;
      await ensureGroup();
      return run();
    }
  };

  const checkId = (id: string): boolean => tipIdPattern.test(id);

  /** The dead letters as a second script takes them: receipt keys, and ARGV (ttl, then entry id and tip id each). */
  const listDead = async (): Promise<{ receipts: string[]; args: (string | number)[] } | null> => {
    const listed = (await redis.evalScript(LIST_DEAD, [k.dead, k.receiptOf], [])) as string[];
    if (listed.length === 0) return null;
    const receipts: string[] = [];
    const args: (string | number)[] = [receiptTtl];
    for (let i = 0; i + 2 < listed.length; i += 3) {
      args.push(String(listed[i]), String(listed[i + 1]));
      receipts.push(receiptKey(String(listed[i + 2])));
    }
    return { receipts, args };
  };

  return {
    async enqueue(tip: NewTip, _now: number): Promise<void> {
      if (!checkId(tip.id)) throw new Error('Invalid tip id');
      if (!receiptHashPattern.test(tip.receiptHash)) throw new Error('Invalid receipt hash');
      // Resolves after Redis applied the script and, with appendfsync always, wrote it to disk (Upstash: acknowledged
      // by its persistent store).
      await withGroup(() =>
        redis.evalScript(
          ENQUEUE,
          [k.stream, k.body, k.attempts, k.receiptOf, k.where, receiptKey(tip.receiptHash)],
          [tip.id, tip.armored, tip.receiptHash, receiptTtl],
        ),
      );
    },

    async claim(now: number, leaseMs: number, limit: number): Promise<ClaimedTip[]> {
      const count = Math.max(0, Math.floor(limit));
      if (count === 0) return [];
      const reply = (await withGroup(() =>
        redis.evalScript(
          CLAIM,
          [k.stream, k.delayed, k.lease, k.body, k.attempts, k.where],
          [GROUP, CONSUMER, Math.floor(now), Math.floor(now + leaseMs), count],
        ),
      )) as string[];
      const tips: ClaimedTip[] = [];
      for (let i = 0; i + 2 < reply.length; i += 3) {
        tips.push({ id: String(reply[i]), armored: String(reply[i + 1]), attempts: Number(reply[i + 2]) });
      }
      return tips;
    },

    async markDelivered(id: string, _now: number): Promise<void> {
      if (!checkId(id)) return;
      // The receipt key has to be named to the script, so it is looked up first (it never changes for a tip).
      const receipt = (await redis.call('HGET', k.receiptOf, id)) as string | null;
      const keys = [k.stream, k.delayed, k.lease, k.dead, k.body, k.attempts, k.receiptOf, k.where, k.reason];
      if (receipt) keys.push(receiptKey(receipt));
      await withGroup(() => redis.evalScript(DELIVERED, keys, [id, GROUP, receiptTtl]));
    },

    async markRetry(id: string, nextAttemptAt: number, reason: string): Promise<void> {
      if (!checkId(id)) return;
      await withGroup(() =>
        redis.evalScript(
          RETRY,
          [k.stream, k.delayed, k.lease, k.dead, k.attempts, k.where, k.reason],
          [id, GROUP, Math.floor(nextAttemptAt), failureReason(reason)],
        ),
      );
    },

    async markDead(id: string, reason: string): Promise<void> {
      if (!checkId(id)) return;
      await withGroup(() =>
        redis.evalScript(
          DEAD_LETTER,
          [k.stream, k.delayed, k.lease, k.dead, k.attempts, k.where, k.reason],
          [id, GROUP, failureReason(reason), '0'],
        ),
      );
    },

    async markUndeliverable(id: string, reason: string, _now: number): Promise<void> {
      if (!checkId(id)) return;
      const receipt = (await redis.call('HGET', k.receiptOf, id)) as string | null;
      const keys = [k.stream, k.delayed, k.lease, k.dead, k.attempts, k.where, k.reason];
      if (receipt) keys.push(receiptKey(receipt));
      await withGroup(() => redis.evalScript(DEAD_LETTER, keys, [id, GROUP, failureReason(reason), '1', receiptTtl]));
    },

    async receiptStatus(receiptHash: string): Promise<ReceiptStatus> {
      if (!receiptHashPattern.test(receiptHash)) return 'unknown';
      const value = await redis.call('GET', receiptKey(receiptHash));
      if (value === null || value === undefined) return 'unknown';
      const text = String(value);
      return text === 'delivered' || text === 'undeliverable' ? text : 'waiting';
    },

    async counts(): Promise<QueueCounts> {
      const [pending, dead] = (await redis.evalScript(COUNTS, [k.stream, k.delayed, k.dead], [])) as [number, number];
      return { pending: Number(pending), dead: Number(dead) };
    },

    async pendingTips(cursor: string | null, limit: number): Promise<PendingPage> {
      // HSCAN over the tips' places: a tip that stays pending for the whole scan is seen (perhaps twice).
      const [next, flat] = (await redis.call(
        'HSCAN',
        k.where,
        cursor ?? '0',
        'COUNT',
        Math.max(1, Math.floor(limit)),
      )) as [string, string[]];
      const ids: string[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const where = String(flat[i + 1]);
        if (where.startsWith('s:') || where === 'd') ids.push(String(flat[i]));
      }
      const bodies = ids.length > 0 ? ((await redis.call('HMGET', k.body, ...ids)) as Array<string | null>) : [];
      const tips = ids.flatMap((id, i) => (bodies[i] ? [{ id, armored: String(bodies[i]) }] : []));
      return { tips, next: String(next) === '0' ? null : String(next) };
    },

    async deadReasons(): Promise<DeadLetterReason[]> {
      const entries = (await redis.call('XRANGE', k.dead, '-', '+')) as Array<[string, string[]]> | null;
      const counts = new Map<string, number>();
      for (const [, fields] of entries ?? []) {
        const at = fields.indexOf('reason');
        const reason = at >= 0 ? String(fields[at + 1]) : '';
        counts.set(reason, (counts.get(reason) ?? 0) + 1);
      }
      return [...counts]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
    },

    async retryDead(_now: number): Promise<number> {
      // Back in the stream means due at once, whatever the clock says.
      const listed = await listDead();
      if (!listed) return 0;
      return Number(
        await withGroup(() =>
          redis.evalScript(
            RETRY_DEAD,
            [k.stream, k.dead, k.attempts, k.where, k.reason, ...listed.receipts],
            listed.args,
          ),
        ),
      );
    },

    async purgeDead(): Promise<number> {
      const listed = await listDead();
      if (!listed) return 0;
      return Number(
        await redis.evalScript(
          PURGE_DEAD,
          [k.dead, k.body, k.attempts, k.receiptOf, k.where, k.reason, ...listed.receipts],
          listed.args,
        ),
      );
    },

    async close(): Promise<void> {
      // The Redis client belongs to whoever made it (it is shared with the limiter and the replay store).
    },
  };
}
