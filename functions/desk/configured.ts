// The desk the environment asks for, or null when DESK_ORIGIN is not set (then nothing of the desk exists: no
// route, no store file, no cookie). Its store follows the tip line's (open-store.ts).
import type { Context, Hono } from 'hono';
import type { Config } from '../config.ts';
import type { TaskForceKeys } from '../keys.ts';
import { clientKey } from '../limiter/client-key.ts';
import { createMemoryRateLimiter } from '../limiter/memory.ts';
import { createRedisRateLimiter } from '../limiter/redis.ts';
import type { Clock } from '../ports.ts';
import { createDeskApp } from './app.ts';
import { deleteExpiredCases } from './cases.ts';
import { loadDeskConfig, type DeskConfig } from './config.ts';
import type { DeskEnv } from './context.ts';
import { openDeskStore, type SharedRedis } from './open-store.ts';
import type { DeskStore } from './store.ts';

export interface ConfiguredDesk {
  app: Hono<DeskEnv>;
  store: DeskStore;
  config: DeskConfig;
  /** Forgets expired sessions, challenges and invitations, and deletes cases past their retention day. */
  sweep(now: number): Promise<void>;
}

export function openConfiguredDesk(
  env: Record<string, string | undefined>,
  parts: { config: Config; keys: TaskForceKeys; clock: Clock; redis: SharedRedis | null },
): ConfiguredDesk | null {
  const config = loadDeskConfig(env, parts.config.production);
  if (!config) return null;
  const store = openDeskStore(parts.config, parts.redis);
  const { config: tipline, clock, redis } = parts;
  // Officers sign in rarely (sessions last up to 8 hours); a ceremony is 2–3 requests.
  const limit = { max: 30, windowSeconds: 600 };
  const limiter = redis
    ? createRedisRateLimiter(redis.client, { ...limit, prefix: `${redis.prefix}desk-` })
    : createMemoryRateLimiter({ max: limit.max, windowMs: limit.windowSeconds * 1000, clock });
  const keyOf = (c: Context) => {
    const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
    return clientKey(tipline.trustedClientIp, { header: (name) => c.req.header(name), socketAddress: socket?.remoteAddress }, tipline.rateLimitSecret, clock.now());
  };
  return {
    app: createDeskApp({ store, keys: parts.keys, clock, config, authLimit: { limiter, keyOf } }),
    store,
    config,
    async sweep(now) {
      await store.sweep(now);
      await deleteExpiredCases(store, now);
    },
  };
}
