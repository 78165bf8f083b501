// What the operator CLIs start from: the configuration and the queue it names (SQLite or Redis), or a message and
// exit code 2 when the environment is wrong.
import { ConfigError, loadConfig, type Config } from '../config.ts';
import type { TipQueue } from '../ports.ts';
import { RedisConfigError } from '../redis/config.ts';
import { openConfiguredQueue } from '../redis/configured-queue.ts';

export function openForCli(): { config: Config; queue: TipQueue } | null {
  try {
    const config = loadConfig(process.env);
    return { config, queue: openConfiguredQueue(process.env, config) };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RedisConfigError) {
      console.error(error.message);
      return null;
    }
    throw error;
  }
}
