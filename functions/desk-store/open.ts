// The desk store the deployment uses: in the tip line's Redis when there is one (same client, same key prefix), else
// in its own SQLite file, <DATA_DIR>/desk.sqlite. (Apart from runtime/desk.ts so the CLI does not load the whole API.)
import type { Config } from '../config.ts';
import type { RedisClient } from '../redis/client.ts';
import { createRedisDeskStore } from './redis.ts';
import { openSqliteDeskStore } from './sqlite.ts';
import type { DeskStore } from '../desk-ports.ts';

export interface SharedRedis {
  client: RedisClient;
  prefix: string;
}

export function openDeskStore(config: Pick<Config, 'dataDir'>, redis: SharedRedis | null): DeskStore {
  return redis
    ? createRedisDeskStore(redis.client, { prefix: redis.prefix })
    : openSqliteDeskStore({ dataDir: config.dataDir });
}
