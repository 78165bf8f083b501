// The desk store contract against a real redis-server, through both transports: TCP (ioredis) and Upstash's REST
// protocol (@upstash/redis through a local REST bridge). Plus what only the Redis store has to prove.
import { describe, expect, it } from 'vitest';
import { createRedisDeskStore } from '../../functions/desk-store/redis.ts';
import { describeDeskStoreContract, newCase } from './desk-store-contract.ts';
import { useTestRedis } from './redis-fixture.ts';
import { dumpAll } from './redis-server.ts';

const testRedis = useTestRedis();
const { tcp, rest, prefix } = testRedis;

describeDeskStoreContract('Redis over TCP (ioredis)', async () => createRedisDeskStore(tcp(), { prefix: prefix() }));
describeDeskStoreContract('Redis over Upstash REST (@upstash/redis)', async () =>
  createRedisDeskStore(rest(), { prefix: prefix() }),
);

describe('Redis desk store specifics', () => {
  it('one store is shared by a TCP and a REST instance', async () => {
    const p = prefix();
    const viaTcp = createRedisDeskStore(tcp(), { prefix: p });
    const viaRest = createRedisDeskStore(rest(), { prefix: p });
    const c = newCase();
    await viaTcp.createCase(c);
    expect(await viaRest.caseIdByLookup(c.lookupHash!)).toBe(c.id);
    expect(
      await viaRest.addMessage(c.id, { kind: 'followup', day: '2031-01-16', body: 'b', record: null, author: null }),
    ).toBe(1);
    expect((await viaTcp.messages(c.id)).map((m) => m.seq)).toEqual([0, 1]);
  });

  it('a deleted case leaves no key and no ciphertext behind', async () => {
    const p = prefix();
    const store = createRedisDeskStore(tcp(), { prefix: p });
    const c = newCase({ body: 'DESKCIPHERMARKER' });
    await store.createCase(c);
    await store.updateCase(c.id, { keepUntilDay: '2031-05-01', labels: ['urgent'] });
    await store.addMessage(c.id, {
      kind: 'reply',
      day: '2031-01-16',
      body: 'DESKCIPHERMARKER-reply',
      record: 'DESKCIPHERMARKER-record',
      author: 'o1',
    });
    await store.deleteCase(c.id);
    const dump = await dumpAll(testRedis.redis, p);
    expect(dump).not.toContain('DESKCIPHERMARKER');
    expect(dump).not.toContain(c.id);
    expect(dump).not.toContain(c.lookupHash!);
  });
});
