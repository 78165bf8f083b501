// Which Redis, if any, the tip line keeps its state in. Read from the environment only:
//   REDIS_URL                                         → TCP (ioredis), a self-hosted Redis
//   UPSTASH_REDIS_REST_URL + UPSTASH_REDIS_REST_TOKEN → REST (@upstash/redis), Upstash from serverless functions
//   neither                                           → null: the embedded default (SQLite, in-process limiter)
// REDIS_KEY_PREFIX (default "tipline:") lets several deployments share one database without seeing each other.

export type RedisSettings =
  | { kind: 'tcp'; url: string; prefix: string }
  | { kind: 'rest'; url: string; token: string; prefix: string };

export class RedisConfigError extends Error {}

type Env = Record<string, string | undefined>;

const set = (v: string | undefined): v is string => typeof v === 'string' && v.trim() !== '';

export function loadRedisSettings(env: Env): RedisSettings | null {
  const prefix = set(env.REDIS_KEY_PREFIX) ? env.REDIS_KEY_PREFIX.trim() : 'tipline:';
  if (!/^[A-Za-z0-9_:.-]{1,64}$/.test(prefix)) {
    throw new RedisConfigError('REDIS_KEY_PREFIX may contain only letters, digits and _ : . - (at most 64)');
  }
  const tcp = set(env.REDIS_URL) ? env.REDIS_URL.trim() : undefined;
  const restUrl = set(env.UPSTASH_REDIS_REST_URL) ? env.UPSTASH_REDIS_REST_URL.trim() : undefined;
  const restToken = set(env.UPSTASH_REDIS_REST_TOKEN) ? env.UPSTASH_REDIS_REST_TOKEN.trim() : undefined;

  if (tcp && (restUrl || restToken)) {
    // Two stores would split the queue in two; make the operator choose.
    throw new RedisConfigError(
      'Both REDIS_URL and UPSTASH_REDIS_REST_URL/TOKEN are set: keep only one (REDIS_URL for a Redis reached over ' +
        'TCP, the UPSTASH_* pair for Upstash over HTTPS).',
    );
  }
  if (tcp) {
    let url: URL;
    try {
      url = new URL(tcp);
    } catch {
      throw new RedisConfigError('REDIS_URL is not a valid URL (expected redis://[:password@]host:6379 or rediss://…)');
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
      throw new RedisConfigError('REDIS_URL must start with redis:// or rediss://');
    }
    return { kind: 'tcp', url: tcp, prefix };
  }
  if (restUrl || restToken) {
    if (!restUrl || !restToken) {
      throw new RedisConfigError('UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together');
    }
    let url: URL;
    try {
      url = new URL(restUrl);
    } catch {
      throw new RedisConfigError('UPSTASH_REDIS_REST_URL is not a valid URL (expected https://….upstash.io)');
    }
    const local = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
      // The token and every command would cross the network in clear.
      throw new RedisConfigError('UPSTASH_REDIS_REST_URL must use https:// (plain http only for localhost)');
    }
    return { kind: 'rest', url: restUrl, token: restToken, prefix };
  }
  return null;
}
