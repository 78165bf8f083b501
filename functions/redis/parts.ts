// The Redis-backed parts (queue, upload staging, rate limiter, replay store) over one client, for whatever runs with
// a Redis: the serverless entries, and the Node server or the CLI when REDIS_URL / UPSTASH_REDIS_REST_* is set.
import type { Config } from '../config.ts';
import { createRedisRateLimiter } from '../limiter/redis.ts';
import type { RateLimiter, ReplayStore, TipQueue, UploadStaging } from '../ports.ts';
import { createRedisQueue } from '../queue/redis.ts';
import { createRedisReplayStore } from '../replay/redis.ts';
import { createRedisUploadStaging } from '../staging/redis.ts';
import { connectRedis, type RedisClient } from './client.ts';
import { loadRedisSettings, type RedisSettings } from './config.ts';

export interface RedisParts {
  settings: RedisSettings;
  redis: RedisClient;
  queue: TipQueue;
  staging: UploadStaging;
  limiter: RateLimiter;
  replay: ReplayStore;
  /** Closes the one shared connection. */
  close(): Promise<void>;
}

export function createRedisParts(
  redis: RedisClient,
  settings: RedisSettings,
  config: Pick<Config, 'rateLimitMax' | 'rateLimitWindowSeconds'>,
): RedisParts {
  return {
    settings,
    redis,
    queue: createRedisQueue(redis, { prefix: settings.prefix }),
    staging: createRedisUploadStaging(redis, { prefix: settings.prefix }),
    limiter: createRedisRateLimiter(redis, {
      max: config.rateLimitMax,
      windowSeconds: config.rateLimitWindowSeconds,
      prefix: settings.prefix,
    }),
    replay: createRedisReplayStore(redis, { prefix: settings.prefix }),
    close: () => redis.close(),
  };
}

/** The Redis parts when the environment names a Redis, else null (use the embedded SQLite / in-process parts). */
export function redisPartsFromEnv(
  env: Record<string, string | undefined>,
  config: Pick<Config, 'rateLimitMax' | 'rateLimitWindowSeconds'>,
): RedisParts | null {
  const settings = loadRedisSettings(env);
  const redis = connectRedis(settings);
  if (!settings || !redis) return null;
  return createRedisParts(redis, settings, config);
}

/**
 * A self-hosted Redis must persist every write before answering, or a 202 could be lost in a crash. Checks what it
 * can (CONFIG is refused by Upstash, whose storage is durable anyway) and returns a warning, or null.
 */
export async function durabilityWarning(redis: RedisClient): Promise<string | null> {
  if (redis.transport !== 'tcp') return null;
  let reply: unknown;
  try {
    reply = await redis.call('CONFIG', 'GET', 'append*');
  } catch {
    return 'Could not read the Redis persistence settings (CONFIG GET refused); make sure it runs with ' +
      '`appendonly yes` and `appendfsync always`, or an accepted tip can be lost in a crash.';
  }
  const list = Array.isArray(reply) ? reply.map(String) : [];
  const get = (name: string) => list[list.indexOf(name) + 1];
  if (get('appendonly') !== 'yes' || get('appendfsync') !== 'always') {
    return `Redis runs with appendonly=${get('appendonly') ?? '?'} and appendfsync=${get('appendfsync') ?? '?'}: ` +
      'an accepted tip can be lost if Redis crashes. Set `appendonly yes` and `appendfsync always`.';
  }
  return null;
}
