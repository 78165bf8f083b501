// The upload staging contract on Redis, through both transports: TCP (ioredis) and Upstash's REST protocol
// (@upstash/redis through the local REST bridge). Plus what only the Redis staging has to prove: one key per upload,
// always with a TTL of at most the upload's lifetime, and nothing left once it is taken.
import { describe, expect, it } from 'vitest';
import { createRedisUploadStaging } from '../../functions/staging/redis.ts';
import { describeStagingContract, newId } from './staging-contract.ts';
import { useTestRedis } from './redis-fixture.ts';

const testRedis = useTestRedis();
const { tcp, rest, prefix } = testRedis;

describeStagingContract('Redis over TCP (ioredis)', async ({ ttlMs }) =>
  createRedisUploadStaging(tcp(), { prefix: prefix(), ttlMs }),
);
describeStagingContract('Redis over Upstash REST (@upstash/redis)', async ({ ttlMs }) =>
  createRedisUploadStaging(rest(), { prefix: prefix(), ttlMs }),
);

describe('Redis staging specifics', () => {
  it('one key per upload, under the prefix, with a TTL of at most an hour from the first request, never extended', async () => {
    const p = prefix();
    const s = createRedisUploadStaging(tcp(), { prefix: p });
    const id = newId();
    await s.open(id, { parts: 2, bytes: 20 }, Date.now());
    const ttl = await testRedis.redis.admin.pttl(`${p}upload:${id}`);
    expect(ttl).toBeGreaterThan(3_590_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    await new Promise((r) => setTimeout(r, 30));
    await s.putPart(id, 0, 'A'.repeat(10), Date.now());
    expect(await testRedis.redis.admin.pttl(`${p}upload:${id}`)).toBeLessThan(ttl); // a part does not extend it
    expect(await testRedis.redis.admin.keys(`${p}*`)).toEqual([`${p}upload:${id}`]);
    await s.putPart(id, 1, 'B'.repeat(10), Date.now());
    expect((await s.take(id, Date.now())).status).toBe('complete');
    expect(await testRedis.redis.admin.keys(`${p}*`)).toEqual([]);
  });

  it('a TCP instance and a REST instance share uploads (parts may reach different function instances)', async () => {
    const p = prefix();
    const a = createRedisUploadStaging(tcp(), { prefix: p });
    const b = createRedisUploadStaging(rest(), { prefix: p });
    const id = newId();
    await a.open(id, { parts: 2, bytes: 20 }, Date.now());
    await b.putPart(id, 1, 'B'.repeat(10), Date.now());
    await a.putPart(id, 0, 'A'.repeat(10), Date.now());
    expect(await b.take(id, Date.now())).toEqual({ status: 'complete', base64: 'A'.repeat(10) + 'B'.repeat(10) });
  });

  it('an id that is not one of ours never reaches a key', async () => {
    const p = prefix();
    const s = createRedisUploadStaging(tcp(), { prefix: p });
    expect(await s.plan('../x y', Date.now())).toBeNull();
    expect(await s.putPart('a*b', 0, 'x', Date.now())).toBe('unknown');
    expect(await s.take('', Date.now())).toEqual({ status: 'unknown' });
    await expect(s.open('bad id', { parts: 1, bytes: 1 }, Date.now())).rejects.toThrow();
    expect(await testRedis.redis.admin.keys(`${p}*`)).toEqual([]);
  });
});
