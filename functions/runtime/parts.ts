// The one place that builds the tip line's parts from the configuration, for every entry (the Node server, the
// serverless functions, the operator CLIs), the tests and the bench. Two questions are answered here and nowhere
// else:
// - SQLite or Redis: config.redis names a Redis → queue, staging, limiter and replay store over one client;
//   none → the embedded SQLite files in DATA_DIR and the in-process limiter and replay store;
// - is SMTP set: config.smtpUrl → a mailer; none → mailer null, and tips stay queued.
// The SQLite modules are imported only when they are used, so the serverless bundles never load node:sqlite.
import type { Config } from '../config.ts';
import { createMemoryRateLimiter } from '../limiter/memory.ts';
import { createRedisRateLimiter } from '../limiter/redis.ts';
import { createSmtpMailer } from '../mail/smtp.ts';
import type { Clock, Parts } from '../ports.ts';
import { createRedisQueue } from '../queue/redis.ts';
import { connectRedis, type RedisClient } from '../redis/client.ts';
import { createMemoryReplayStore } from '../replay/memory.ts';
import { createRedisReplayStore } from '../replay/redis.ts';
import { createRedisUploadStaging } from '../staging/redis.ts';

/**
 * A tipster's thread is read when they open the status page, and once more per reply they delete: a family sharing
 * a phone's network checks a few threads a day. Far above that, far below what would let anyone load the store.
 */
export const threadReadLimit = { max: 60, windowSeconds: 600 };

export interface OpenedParts extends Parts {
  /** Where the state lives, for the operator: "SQLite", "Redis" (TCP) or "Upstash" (REST). */
  backend: 'SQLite' | 'Redis' | 'Upstash';
  /** The one shared Redis connection, or null with the embedded parts. */
  redis: RedisClient | null;
  /** Closes every part and the Redis connection. */
  close(): Promise<void>;
}

/** Parts a caller brings itself (a test's or the bench's), used instead of the configured ones. */
export type PartOverrides = Partial<Parts>;

export async function openParts(config: Config, clock: Clock, overrides: PartOverrides = {}): Promise<OpenedParts> {
  const mailer =
    overrides.mailer !== undefined
      ? overrides.mailer
      : config.smtpUrl
        ? createSmtpMailer({ smtpUrl: config.smtpUrl })
        : null;
  const own = config.redis
    ? redisParts(config, connectRedis(config.redis))
    : await embeddedParts(config, clock, overrides);
  const parts = { ...own, ...overrides, mailer };
  return {
    ...parts,
    backend: config.redis ? (config.redis.kind === 'tcp' ? 'Redis' : 'Upstash') : 'SQLite',
    redis: own.redis,
    async close() {
      await parts.queue.close();
      await parts.staging.close();
      await own.redis?.close();
    },
  };
}

type OwnParts = Omit<Parts, 'mailer'> & { redis: RedisClient | null };

function redisParts(config: Config, redis: RedisClient): OwnParts {
  const prefix = config.redis!.prefix;
  return {
    redis,
    queue: createRedisQueue(redis, { prefix }),
    staging: createRedisUploadStaging(redis, { prefix }),
    limiter: createRedisRateLimiter(redis, {
      max: config.rateLimitMax,
      windowSeconds: config.rateLimitWindowSeconds,
      prefix,
    }),
    threadLimiter: createRedisRateLimiter(redis, { ...threadReadLimit, prefix: `${prefix}thread-` }),
    replay: createRedisReplayStore(redis, { prefix }),
  };
}

/** The embedded parts; a part the caller overrides is not opened (no file is created for it). */
async function embeddedParts(config: Config, clock: Clock, overrides: PartOverrides): Promise<OwnParts> {
  const { openSqliteQueue } = await import('../queue/sqlite.ts');
  const { openSqliteStaging } = await import('../staging/sqlite.ts');
  return {
    redis: null,
    queue: overrides.queue ?? openSqliteQueue({ dataDir: config.dataDir }),
    staging: overrides.staging ?? openSqliteStaging({ dataDir: config.dataDir }),
    limiter: createMemoryRateLimiter({
      max: config.rateLimitMax,
      windowMs: config.rateLimitWindowSeconds * 1000,
      clock,
    }),
    threadLimiter: createMemoryRateLimiter({
      max: threadReadLimit.max,
      windowMs: threadReadLimit.windowSeconds * 1000,
      clock,
    }),
    replay: createMemoryReplayStore({ clock }),
  };
}
