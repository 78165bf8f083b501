// The queue the environment asks for, for the operator CLIs (`npm run forward`, `npm run queue`): the Redis queue
// when REDIS_URL or UPSTASH_REDIS_REST_URL + _TOKEN is set, else the embedded SQLite file in DATA_DIR.
// (Kept apart from parts.ts so the serverless bundles never pull in node:sqlite.)
import type { Config } from '../config.ts';
import type { TipQueue } from '../ports.ts';
import { openSqliteQueue } from '../queue/sqlite.ts';
import { redisPartsFromEnv } from './parts.ts';

/** `close()` closes the queue and, for Redis, its connection. */
export function openConfiguredQueue(env: Record<string, string | undefined>, config: Config): TipQueue & { where: string } {
  const redis = redisPartsFromEnv(env, config);
  if (!redis) return Object.assign(openSqliteQueue({ dataDir: config.dataDir }), { where: 'SQLite' });
  return {
    ...redis.queue,
    where: redis.settings.kind === 'tcp' ? 'Redis' : 'Upstash',
    async close() {
      await redis.queue.close();
      await redis.close();
    },
  };
}
