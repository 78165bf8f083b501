// The task force desk, when DESK_ORIGIN is set (desk/config.ts; the entries read it with the rest of the
// configuration): its store beside the tip line's parts (the same Redis and key prefix, or <DATA_DIR>/desk.sqlite),
// a rate limit on its passkey ceremonies keyed like the tip line's, and its API app, which the entry mounts into the
// tip line's app. Without DESK_ORIGIN none of this is built: no route, no store file, no cookie.
import type { Context, Hono } from 'hono';
import type { Config } from '../config.ts';
import { deleteExpiredCases } from '../desk/cases.ts';
import { createDeskApp } from '../desk/app.ts';
import type { DeskConfig } from '../desk/config.ts';
import type { DeskEnv } from '../desk/context.ts';
import type { DeskStore } from '../desk-ports.ts';
import { openDeskStore } from '../desk-store/open.ts';
import type { TaskForceKeys } from '../keys.ts';
import { requestClientKey } from '../http/client-key.ts';
import { createMemoryRateLimiter } from '../limiter/memory.ts';
import { createRedisRateLimiter } from '../limiter/redis.ts';
import type { Clock } from '../ports.ts';
import type { RedisClient } from '../redis/client.ts';

export interface OpenedDesk {
  app: Hono<DeskEnv>;
  store: DeskStore;
  config: DeskConfig;
  /** Forgets expired sessions, challenges and invitations, and deletes cases past their retention day. */
  sweep(now: number): Promise<void>;
}

/** Officers sign in rarely (sessions last up to 8 hours); a ceremony is 2–3 requests. */
const ceremonyLimit = { max: 30, windowSeconds: 600 };

export function openDesk(
  desk: DeskConfig,
  parts: { config: Config; keys: TaskForceKeys; clock: Clock; redis: RedisClient | null },
): OpenedDesk {
  const { config, clock, redis } = parts;
  const shared = redis && config.redis ? { client: redis, prefix: config.redis.prefix } : null;
  const store = openDeskStore(config, shared);
  const limiter = shared
    ? createRedisRateLimiter(shared.client, { ...ceremonyLimit, prefix: `${shared.prefix}desk-` })
    : createMemoryRateLimiter({ max: ceremonyLimit.max, windowMs: ceremonyLimit.windowSeconds * 1000, clock });
  const keyOf = (c: Context) => requestClientKey(c, config, clock.now());
  return {
    app: createDeskApp({ store, keys: parts.keys, clock, config: desk, authLimit: { limiter, keyOf } }),
    store,
    config: desk,
    async sweep(now) {
      await store.sweep(now);
      await deleteExpiredCases(store, now);
    },
  };
}
