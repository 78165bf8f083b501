// The proof-of-work replay store in Redis: a solved challenge is accepted once across every instance that shares
// the database. `SET key 1 NX EX ttl` is atomic, so two instances racing with the same proof cannot both win.
import { createHash } from 'node:crypto';
import type { ReplayStore } from '../ports.ts';
import type { RedisClient } from '../redis/client.ts';
import { defaultRedisPrefix } from '../redis/settings.ts';

export function createRedisReplayStore(redis: RedisClient, options: { prefix?: string } = {}): ReplayStore {
  const prefix = `${options.prefix ?? defaultRedisPrefix}pow:`;
  return {
    async useOnce(id: string, ttlSeconds: number): Promise<boolean> {
      // Hashed: the key stays short whatever the payload, and holds nothing from the request but this digest.
      const key = prefix + createHash('sha256').update(id).digest('hex');
      const ttl = Math.max(1, Math.ceil(ttlSeconds));
      return (await redis.call('SET', key, '1', 'NX', 'EX', ttl)) === 'OK';
    },
  };
}
