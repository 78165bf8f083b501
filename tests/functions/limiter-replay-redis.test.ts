// The rate limiter (@upstash/ratelimit) and the proof-of-work replay store on a real Redis, through both transports;
// and the replay store shared by two app instances.
import { randomBytes } from 'node:crypto';
import { Ratelimit } from '@upstash/ratelimit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisRateLimiter, ratelimitRedisAdapter } from '../../functions/limiter/redis.ts';
import { rateLimitKey } from '../../functions/http/client-key.ts';
import { createRestRedis, createTcpRedis } from '../../functions/redis/client.ts';
import { createRedisReplayStore } from '../../functions/replay/redis.ts';
import { createServerlessRuntime, type ServerlessRuntime } from '../../functions/runtime/serverless.ts';
import { startTestSmtp, type TestSmtp } from './helpers/smtp-server.ts';
import { useTestRedis } from './redis-fixture.ts';
import { startRedis } from './redis-server.ts';
import { startRestBridge } from './upstash-rest-bridge.ts';
import { describeLimiterContract } from './limiter-contract.ts';
import { describeReplayContract } from './replay-contract.ts';
import { allKeys, deploymentEnv, makeTaskForce, tipClient, type TaskForceFixture } from './serverless-fixture.ts';

const testRedis = useTestRedis();
const { keep, prefix } = testRedis;
const identifier = () =>
  rateLimitKey(`198.51.${randomBytes(1)[0]}.0/24`, 'secret-for-tests-only-0123456789ab', Date.now());

const transports = [
  ['TCP', () => keep(createTcpRedis(testRedis.redis.url))],
  ['Upstash REST', () => keep(createRestRedis(testRedis.bridge.url, testRedis.bridge.token))],
] as const;

for (const [name, client] of transports) {
  describeLimiterContract(`Redis over ${name}`, async ({ max, windowSeconds }) =>
    createRedisRateLimiter(client(), { max, windowSeconds, prefix: prefix() }),
  );
  describeReplayContract(`Redis over ${name}`, async () => createRedisReplayStore(client(), { prefix: prefix() }));
}

describe.each(transports)('rate limiter over %s', (_name, client) => {
  it('stores the identifier (an HMAC) and nothing else about the client', async () => {
    const p = prefix();
    const limiter = createRedisRateLimiter(client(), { max: 2, windowSeconds: 60, prefix: p });
    const id = identifier();
    await limiter.limit(id);
    const keys = (await allKeys(testRedis.redis)).filter((k) => k.startsWith(p));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.startsWith(`${p}rl:${id}:`)).toBe(true);
      expect(key).not.toMatch(/\d+\.\d+\.\d+/); // no dotted address or prefix
    }
  });
});

describe('rate limiter failure modes', () => {
  it('stock Redis refuses the ratelimit scripts as shipped; the adapter strips the Upstash-only flag', async () => {
    const io = keep(createTcpRedis(testRedis.redis.url));
    // Straight to Redis, as ratelimit would send it without the adapter.
    const raw = new Ratelimit({
      redis: {
        evalsha: (sha: string, keys: string[], args: unknown[]) =>
          io.call('EVALSHA', sha, keys.length, ...keys, ...args.map(String)),
        eval: (script: string, keys: string[], args: unknown[]) =>
          io.call('EVAL', script, keys.length, ...keys, ...args.map(String)),
      } as never,
      limiter: Ratelimit.slidingWindow(2, '60 s'),
      prefix: prefix(),
      timeout: 0,
      ephemeralCache: false,
      enableProtection: false,
      analytics: false,
    });
    await expect(raw.limit('x')).rejects.toThrow(/allow-key-locking/);
    const adapted = new Ratelimit({
      redis: ratelimitRedisAdapter(io) as never,
      limiter: Ratelimit.slidingWindow(2, '60 s'),
      prefix: prefix(),
      timeout: 0,
      ephemeralCache: false,
    });
    expect((await adapted.limit('x')).success).toBe(true);
  });

  it('fails closed over TCP: with Redis down every request is refused, and it recovers when Redis is back', async () => {
    const own = await startRedis();
    const io = createTcpRedis(own.url, { commandTimeoutMs: 2_000 });
    try {
      const limiter = createRedisRateLimiter(io, { max: 100, windowSeconds: 60, prefix: prefix(), log: () => {} });
      const id = identifier();
      expect((await limiter.limit(id)).allowed).toBe(true);
      await own.kill();
      const started = Date.now();
      const refused = await limiter.limit(id);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfter).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(5_000); // refuses promptly, does not hang the request
      await own.start();
      let back = false;
      for (let i = 0; i < 50 && !back; i++) {
        back = (await limiter.limit(id)).allowed;
        if (!back) await new Promise((r) => setTimeout(r, 100));
      }
      expect(back).toBe(true);
    } finally {
      await io.close();
      await own.stop();
    }
  });

  it('fails closed over REST: with the REST endpoint unreachable every request is refused', async () => {
    const own = await startRestBridge(testRedis.redis.url);
    const rest = createRestRedis(own.url, own.token, { requestTimeoutMs: 2_000 });
    const limiter = createRedisRateLimiter(rest, { max: 100, windowSeconds: 60, prefix: prefix(), log: () => {} });
    const id = identifier();
    expect((await limiter.limit(id)).allowed).toBe(true);
    await own.close();
    expect((await limiter.limit(id)).allowed).toBe(false);
    // A wrong token is refused by the endpoint: also a refusal, not an opening. (The bridge logs the 401; muted.)
    const mute = vi.spyOn(console, 'error').mockImplementation(() => {});
    const wrong = createRedisRateLimiter(createRestRedis(testRedis.bridge.url, 'not-the-token'), {
      max: 100,
      windowSeconds: 60,
      prefix: prefix(),
      log: () => {},
    });
    expect((await wrong.limit(id)).allowed).toBe(false);
    mute.mockRestore();
  });
});

describe('replay store', () => {
  it.each(transports)(
    'over %s: an id is accepted once, by whichever instance is first, even when they race',
    async (_n, client) => {
      const p = prefix();
      const a = createRedisReplayStore(client(), { prefix: p });
      const b = createRedisReplayStore(client(), { prefix: p });
      const id = `altcha:${randomBytes(8).toString('hex')}`;
      const raced = await Promise.all([a.useOnce(id, 60), b.useOnce(id, 60), a.useOnce(id, 60), b.useOnce(id, 60)]);
      expect(raced.filter(Boolean)).toHaveLength(1);
      expect(await a.useOnce(`${id}-other`, 60)).toBe(true);
      const key = (await allKeys(testRedis.redis)).find((k) => k.startsWith(`${p}pow:`))!;
      expect(key).not.toContain(id.slice(7)); // stored hashed
      const ttl = await testRedis.redis.admin.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
    },
  );
});

describe('two app instances sharing Redis', () => {
  let taskForce: TaskForceFixture;
  let smtp: TestSmtp;
  const runtimes: ServerlessRuntime[] = [];
  beforeAll(async () => {
    taskForce = await makeTaskForce();
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.parts.close()));
    await smtp?.close();
    await taskForce?.close();
  });

  it('a proof of work solved for one instance is accepted by the other, and refused there after use', async () => {
    const deployment = deploymentEnv({
      taskForce,
      smtpUrl: smtp.url,
      redis: testRedis.redis,
      prefix: prefix(),
      trustedClientIp: 'x-real-ip',
    });
    const [a, b] = [await createServerlessRuntime(deployment), await createServerlessRuntime(deployment)];
    runtimes.push(a, b);
    expect(a.app).not.toBe(b.app);
    const viaA = tipClient((r) => Promise.resolve(a.app.fetch(r)), taskForce);
    const viaB = tipClient((r) => Promise.resolve(b.app.fetch(r)), taskForce);
    const headers = { 'x-real-ip': '203.0.113.9' };

    const body = await viaA.body('MARKER-REPLAY first use'); // challenge from A
    const first = await viaB.post(body, headers); // solved proof spent on B
    expect(first.status).toBe(202);
    const replayed = await viaA.post(
      { ...body, receipt: viaA.code(), ciphertext: await viaA.encrypt('again') },
      headers,
    );
    expect(replayed.status).toBe(409);
    expect(((await replayed.json()) as { error: { code: string } }).error.code).toBe('pow.replayed');
  });
});
