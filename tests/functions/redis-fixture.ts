// One real redis-server and its Upstash REST bridge per test file, started before the tests and stopped after,
// with the clients the tests open closed at the end.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createRestRedis, createTcpRedis, type RedisClient } from '../../functions/redis/client.ts';
import { startRedis, type TestRedis } from './redis-server.ts';
import { startRestBridge, type RestBridge } from './upstash-rest-bridge.ts';

export function useTestRedis() {
  let redis: TestRedis | undefined;
  let bridge: RestBridge | undefined;
  const clients: RedisClient[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    bridge = await startRestBridge(redis.url);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await bridge?.close();
    await redis?.stop();
  });
  const keep = <T extends RedisClient>(client: T): T => (clients.push(client), client);
  return {
    get redis(): TestRedis {
      if (!redis) throw new Error('redis-server is not running (used outside a test?)');
      return redis;
    },
    get bridge(): RestBridge {
      if (!bridge) throw new Error('the REST bridge is not running (used outside a test?)');
      return bridge;
    },
    keep,
    tcp: () => keep(createTcpRedis(redis!.url)),
    rest: () => keep(createRestRedis(bridge!.url, bridge!.token)),
    /** A fresh key prefix, so tests sharing one server never see each other's keys. */
    prefix: () => `t${randomBytes(6).toString('hex')}:`,
  };
}
