// The rate limiter on Redis through @upstash/ratelimit (sliding window), for every instance sharing one database.
//
// Settings, each for a reason (the port's contract: functions/ports.ts and docs/architecture.md):
// - timeout: 0. The default (5 s) *allows* the request when Redis is slow ({success: true, reason: 'timeout'}):
//   fail open. With 0 there is no race; a 'timeout' reason is still treated as a refusal, in case it comes back.
// - analytics, enableProtection, enableTelemetry: off. Protection keeps deny lists of IPs and user agents, and
//   telemetry reports to Upstash; neither has a place here.
// - ephemeralCache: false. An in-memory cache of blocked identifiers per instance only adds state to reason about.
// - Any error (Redis down, a bad reply) refuses the request: fail closed.
// The identifier is already an HMAC of the address prefix (never an address); it appears in the key in clear.
//
// Ratelimit 2.1+ starts each Lua script with `#!lua flags=allow-key-locking`, which only Upstash understands: stock
// Redis rejects the script. The adapter below strips that line for every transport. On Upstash this only gives up
// an optimisation (without the flag a script takes the global lock, as every script in ratelimit ≤ 2.0.8 did).
import { Ratelimit } from '@upstash/ratelimit';
import type { RateLimiter, RateLimitResult } from '../ports.ts';
import { sha1, type RedisClient } from '../redis/client.ts';
import { defaultRedisPrefix } from '../redis/settings.ts';

export interface RedisRateLimiterOptions {
  /** Requests allowed per window for one identifier. */
  max: number;
  windowSeconds: number;
  /** Key prefix, e.g. "tipline:"; the limiter's keys are "<prefix>rl:<identifier>:<window>". */
  prefix?: string;
  /** Receives one line per refusal caused by an error; never the identifier. */
  log?: (line: string) => void;
}

/** Strips the Upstash-only shebang line (`#!lua flags=…`) from a script. */
function stripScriptFlags(script: string): string {
  return script.replace(/^#!lua[^\n]*\n/, '');
}

/** The slice of @upstash/redis that @upstash/ratelimit calls, over our RedisClient. */
export function ratelimitRedisAdapter(redis: RedisClient) {
  // ratelimit addresses scripts by the SHA-1 of its own (flagged) source; remember what each stands for.
  const stripped = new Map<string, string>();
  const args = (values: unknown[]) => values.map((v) => (v === null || v === undefined ? '' : String(v)));
  return {
    async evalsha(hash: string, keys: string[], values: unknown[]) {
      const script = stripped.get(hash);
      // Unknown: answer as Redis would, so ratelimit sends the source (eval below).
      if (script === undefined) throw new Error('NOSCRIPT No matching script (tipline adapter)');
      return redis.evalScript(script, keys, args(values));
    },
    async eval(script: string, keys: string[], values: unknown[]) {
      const clean = stripScriptFlags(script);
      stripped.set(sha1(script), clean);
      return redis.evalScript(clean, keys, args(values));
    },
    async get(key: string) {
      return redis.call('GET', key);
    },
    async set(key: string, value: unknown) {
      return redis.call('SET', key, String(value));
    },
  };
}

export function createRedisRateLimiter(redis: RedisClient, options: RedisRateLimiterOptions): RateLimiter {
  const log = options.log ?? ((line: string) => console.error(line));
  const windowSeconds = Math.max(1, Math.floor(options.windowSeconds));
  const ratelimit = new Ratelimit({
    // The adapter implements exactly what ratelimit calls without protection or dynamic limits.
    redis: ratelimitRedisAdapter(redis) as unknown as ConstructorParameters<typeof Ratelimit>[0]['redis'],
    limiter: Ratelimit.slidingWindow(Math.max(1, Math.floor(options.max)), `${windowSeconds} s`),
    prefix: `${options.prefix ?? defaultRedisPrefix}rl`,
    timeout: 0,
    analytics: false,
    enableProtection: false,
    enableTelemetry: false,
    ephemeralCache: false,
  });
  const refuse = (seconds: number): RateLimitResult => ({
    allowed: false,
    retryAfter: Math.max(1, Math.ceil(seconds)),
  });

  return {
    async limit(key: string): Promise<RateLimitResult> {
      try {
        const result = await ratelimit.limit(key);
        await result.pending;
        if (result.reason === 'timeout') return refuse(windowSeconds);
        if (result.success) return { allowed: true, retryAfter: 0 };
        return refuse((result.reset - Date.now()) / 1000);
      } catch (error) {
        log(`rate limiter unavailable, refusing (fail closed): ${error instanceof Error ? error.name : 'error'}`);
        return refuse(60);
      }
    },
  };
}
