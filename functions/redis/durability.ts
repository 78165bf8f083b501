// A self-hosted Redis must persist every write before answering, or a 202 could be lost in a crash.
import type { RedisClient } from './client.ts';

/**
 * Checks what it can (CONFIG is refused by Upstash, whose storage is durable anyway) and returns a warning for the
 * operator, or null.
 */
export async function durabilityWarning(redis: RedisClient): Promise<string | null> {
  if (redis.transport !== 'tcp') return null;
  let reply: unknown;
  try {
    reply = await redis.call('CONFIG', 'GET', 'append*');
  } catch {
    return (
      'Could not read the Redis persistence settings (CONFIG GET refused); make sure it runs with ' +
      '`appendonly yes` and `appendfsync always`, or an accepted tip can be lost in a crash.'
    );
  }
  const list = Array.isArray(reply) ? reply.map(String) : [];
  const get = (name: string) => list[list.indexOf(name) + 1];
  if (get('appendonly') !== 'yes' || get('appendfsync') !== 'always') {
    return (
      `Redis runs with appendonly=${get('appendonly') ?? '?'} and appendfsync=${get('appendfsync') ?? '?'}: ` +
      'an accepted tip can be lost if Redis crashes. Set `appendonly yes` and `appendfsync always`.'
    );
  }
  return null;
}
