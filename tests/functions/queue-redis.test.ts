// The queue contract against Redis Streams, through both transports: TCP (ioredis) and Upstash's REST protocol
// (@upstash/redis through a local REST bridge). Plus what only the Redis queue has to prove.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.ts';
import { createRedisQueue } from '../../functions/queue/redis.ts';
import { durabilityWarning } from '../../functions/redis/durability.ts';
import { openParts } from '../../functions/runtime/parts.ts';
import { createTcpRedis } from '../../functions/redis/client.ts';
import { describeQueueContract, newTip } from './queue-contract.ts';
import { useTestRedis } from './redis-fixture.ts';
import { dumpAll, startRedis, type TestRedis } from './redis-server.ts';

const testRedis = useTestRedis();
const { tcp, rest, prefix } = testRedis;

describeQueueContract('Redis Streams over TCP (ioredis)', async () => createRedisQueue(tcp(), { prefix: prefix() }));
describeQueueContract('Redis Streams over Upstash REST (@upstash/redis)', async () =>
  createRedisQueue(rest(), { prefix: prefix() }),
);

describe('Redis queue specifics', () => {
  const t0 = Date.UTC(2031, 0, 15, 10, 20, 30, 456);

  it('the same queue is shared by a TCP and a REST instance (one claims what the other enqueued)', async () => {
    const p = prefix();
    const viaTcp = createRedisQueue(tcp(), { prefix: p });
    const viaRest = createRedisQueue(rest(), { prefix: p });
    const tip = newTip();
    await viaRest.enqueue(tip, t0);
    expect(await viaTcp.claim(t0, 60_000, 5)).toEqual([{ id: tip.id, armored: tip.armored, attempts: 0 }]);
    expect(await viaRest.claim(t0, 60_000, 5)).toEqual([]);
    await viaTcp.markDelivered(tip.id, t0);
    expect(await viaRest.receiptStatus(tip.receiptHash)).toBe('delivered');
  });

  it('the composition root opens the Redis parts when REDIS_URL is set, and SQLite when it is not', async () => {
    const p = prefix();
    const dataDir = await mkdtemp(join(tmpdir(), 'configured-'));
    try {
      const env = { REDIS_URL: testRedis.redis.url, REDIS_KEY_PREFIX: p, DATA_DIR: dataDir };
      const clock = { now: () => t0 };
      const viaEnv = await openParts(loadConfig(env), clock);
      expect(viaEnv.backend).toBe('Redis');
      const tip = newTip();
      await createRedisQueue(tcp(), { prefix: p }).enqueue(tip, t0);
      expect(await viaEnv.queue.counts()).toEqual({ pending: 1, dead: 0 });
      await viaEnv.close();
      const local = await openParts(loadConfig({ DATA_DIR: dataDir }), clock);
      expect(local.backend).toBe('SQLite');
      expect(await local.queue.counts()).toEqual({ pending: 0, dead: 0 });
      await local.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('uses Streams as designed: a consumer group, pending entries while claimed, none after delivery', async () => {
    const p = prefix();
    const q = createRedisQueue(tcp(), { prefix: p });
    const tip = newTip();
    await q.enqueue(tip, t0);
    const groups = (await testRedis.redis.admin.call('XINFO', 'GROUPS', `${p}stream`)) as unknown[][];
    expect(groups.map((g) => g[1])).toEqual(['mailer']);
    await q.claim(t0, 60_000, 1);
    const pending = (await testRedis.redis.admin.call('XPENDING', `${p}stream`, 'mailer')) as [number, ...unknown[]];
    expect(pending[0]).toBe(1);
    await q.markDelivered(tip.id, t0);
    const after = (await testRedis.redis.admin.call('XPENDING', `${p}stream`, 'mailer')) as [number, ...unknown[]];
    expect(after[0]).toBe(0);
    expect(await testRedis.redis.admin.xlen(`${p}stream`)).toBe(0);
  });

  it('an enqueued tip survives Redis being killed with SIGKILL right after the acknowledgement', async () => {
    const own = await startRedis();
    const client = createTcpRedis(own.url);
    try {
      const q = createRedisQueue(client, { prefix: prefix() });
      const tip = newTip();
      await q.enqueue(tip, t0);
      // SIGKILL: no shutdown save, so only the append-only file brings it back. (appendfsync always is what protects
      // against power loss too; a process kill cannot show that, the OS still holds the written pages.)
      await own.restart();
      let claimed: Awaited<ReturnType<typeof q.claim>> = [];
      for (let i = 0; i < 40 && claimed.length === 0; i++) {
        claimed = await q.claim(t0, 60_000, 5).catch(() => []);
        if (claimed.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      expect(claimed).toEqual([{ id: tip.id, armored: tip.armored, attempts: 0 }]);
      expect(await q.receiptStatus(tip.receiptHash)).toBe('waiting');
    } finally {
      await client.close();
      await own.stop();
    }
  });

  it('warns when a TCP Redis would not persist each write before answering', async () => {
    const own = await startRedis();
    const client = createTcpRedis(own.url);
    try {
      expect(await durabilityWarning(client)).toBeNull();
      await own.admin.config('SET', 'appendfsync', 'everysec');
      expect(await durabilityWarning(client)).toMatch(/appendfsync=everysec/);
      expect(await durabilityWarning(rest())).toBeNull(); // Upstash refuses CONFIG; its storage is its own
    } finally {
      await client.close();
      await own.stop();
    }
  });

  it('stream entry ids carry no time (0-n, not the millisecond of arrival)', async () => {
    const p = prefix();
    const q = createRedisQueue(tcp(), { prefix: p });
    await q.enqueue(newTip(), t0);
    await q.enqueue(newTip(), t0);
    const entries = await testRedis.redis.admin.xrange(`${p}stream`, '-', '+');
    expect(entries.map(([id]) => id.split('-')[0])).toEqual(['0', '0']);
  });

  it('a dead letter is an entry in the dead-letter stream, with its reason and no content', async () => {
    const p = prefix();
    const q = createRedisQueue(tcp(), { prefix: p });
    const tip = newTip();
    await q.enqueue(tip, t0);
    await q.claim(t0, 60_000, 1);
    await q.markDead(tip.id, 'permanent: 550 no such mailbox');
    const dead = await testRedis.redis.admin.xrange(`${p}dead`, '-', '+');
    expect(dead).toHaveLength(1);
    expect(dead[0]![1]).toEqual(['id', tip.id, 'reason', 'permanent: 550 no such mailbox']);
  });

  it('after delivery no key or value in Redis holds the ciphertext, even in the append-only file once rewritten', async () => {
    const p = prefix();
    const q = createRedisQueue(tcp(), { prefix: p });
    const marker = `CIPHERMARK${randomBytes(8).toString('hex')}`;
    const tip = newTip({ armored: `-----BEGIN PGP MESSAGE-----\n\n${marker}\n-----END PGP MESSAGE-----\n` });
    await q.enqueue(tip, t0);
    await q.enqueue(newTip(), t0);
    await q.claim(t0, 60_000, 5);
    await q.markDelivered(tip.id, t0);
    expect(await dumpAll(testRedis.redis, p)).not.toContain(marker);
    // Redis's append-only file is a log: it keeps the enqueue command until the file is rewritten. The guide tells
    // operators to rewrite it regularly; this shows that it is there until then, and that a rewrite drops it.
    expect(await aofText(testRedis.redis)).toContain(marker);
    await rewriteAof(testRedis.redis);
    expect(await aofText(testRedis.redis)).not.toContain(marker);
  });
});

async function rewriteAof(r: TestRedis): Promise<void> {
  await r.admin.call('BGREWRITEAOF');
  for (let i = 0; i < 200; i++) {
    const info = await r.admin.info('persistence');
    if (/aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info)) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('AOF rewrite did not finish');
}

async function aofText(r: TestRedis): Promise<string> {
  const dir = join(r.dir, 'appendonlydir');
  const files = await readdir(dir);
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'latin1')));
  return texts.join('\n');
}
