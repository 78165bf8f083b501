// Which Redis, if any, the tip line keeps its state in. Read from the environment, as part of loadConfig
// (functions/config.ts), so a mistake here is listed with every other one:
//   REDIS_URL                                         → TCP (ioredis), a self-hosted Redis
//   UPSTASH_REDIS_REST_URL + UPSTASH_REDIS_REST_TOKEN → REST (@upstash/redis), Upstash from serverless functions
//   neither                                           → null: the embedded default (SQLite, in-process limiter)
// REDIS_KEY_PREFIX (default "tipline:") lets several deployments share one database without seeing each other.

export type RedisSettings =
  { kind: 'tcp'; url: string; prefix: string } | { kind: 'rest'; url: string; token: string; prefix: string };

/** The key prefix every Redis adapter writes under when none is configured. */
export const defaultRedisPrefix = 'tipline:';

/**
 * The Redis settings the variables describe (null: none), adding a sentence to `problems` for each mistake.
 * `value` gives a variable's trimmed value, or null when it is unset or blank.
 */
export function readRedisSettings(value: (name: string) => string | null, problems: string[]): RedisSettings | null {
  const prefix = value('REDIS_KEY_PREFIX') ?? defaultRedisPrefix;
  if (!/^[A-Za-z0-9_:.-]{1,64}$/.test(prefix)) {
    problems.push('REDIS_KEY_PREFIX may contain only letters, digits and _ : . - (at most 64).');
  }
  const tcp = value('REDIS_URL');
  const restUrl = value('UPSTASH_REDIS_REST_URL');
  const restToken = value('UPSTASH_REDIS_REST_TOKEN');

  if (tcp && (restUrl || restToken)) {
    // Two stores would split the queue in two; make the operator choose.
    problems.push(
      'Both REDIS_URL and UPSTASH_REDIS_REST_URL/TOKEN are set: keep only one (REDIS_URL for a Redis reached over ' +
        'TCP, the UPSTASH_* pair for Upstash over HTTPS).',
    );
    return null;
  }
  if (tcp) {
    const url = parseUrl(tcp);
    if (!url) problems.push('REDIS_URL is not a valid URL (expected redis://[:password@]host:6379 or rediss://…).');
    else if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
      problems.push('REDIS_URL must start with redis:// or rediss://.');
    return { kind: 'tcp', url: tcp, prefix };
  }
  if (restUrl || restToken) {
    if (!restUrl || !restToken) {
      problems.push('UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together.');
      return null;
    }
    const url = parseUrl(restUrl);
    if (!url) {
      problems.push('UPSTASH_REDIS_REST_URL is not a valid URL (expected https://….upstash.io).');
    } else {
      const local = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname);
      // Otherwise the token and every command would cross the network in clear.
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
        problems.push('UPSTASH_REDIS_REST_URL must use https:// (plain http only for localhost).');
      }
    }
    return { kind: 'rest', url: restUrl, token: restToken, prefix };
  }
  return null;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
