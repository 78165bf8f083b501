// The tip line as serverless functions (Netlify, Vercel): the shared Hono app over the Redis-backed parts, plus the
// forwarding pass the scheduled function runs. Built once per function instance and reused while it stays warm.
//
// Serverless has no disk that outlives an invocation and runs many instances at once, so here, unlike `npm start`:
// - Redis is required (Upstash over REST, or any Redis over TCP): SQLite in /tmp would lose tips;
// - the secrets must be set: a secret made up per instance would make one instance's proof-of-work challenge
//   invalid on the next, and split the rate limit;
// - real task force keys are required: a demo key made per instance would differ from the one the site was built with;
// - the client address must come from the platform's header: there is no socket peer to read (TRUSTED_CLIENT_IP=socket
//   would find no address, and every request would be refused).
// Delivery: right after a tip is durably queued, one forwarding pass is awaited (bounded in time), so a tip usually
// reaches the task force within the request; the scheduled function drains whatever that missed (SMTP down, a
// crash, retries). With TIP_SEND_DELAY_MAX > 0 the immediate pass is skipped: tips then leave at the next scheduled
// run, which is the serverless form of the random delay (a function cannot sleep for minutes).
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { createApp } from '../app.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { forwardDueTips, type ForwardResult } from '../forwarder.ts';
import { applySecurityHeaders } from '../http/security-headers.ts';
import { KeyConfigError, loadTaskForceKeys } from '../keys.ts';
import { createSmtpMailer } from '../mail/smtp.ts';
import type { Clock, Mailer } from '../ports.ts';
import { createRedisParts, type RedisParts } from '../redis/parts.ts';
import { connectRedis } from '../redis/client.ts';
import { recipientSet } from '../tips/envelope.ts';
import { loadRedisSettings, RedisConfigError } from '../redis/config.ts';

export interface ServerlessRuntime {
  app: Hono;
  config: Config;
  parts: RedisParts;
  mailer: Mailer | null;
  /** One bounded forwarding pass (the scheduled function). Null when SMTP is not configured. */
  forwardOnce(): Promise<ForwardResult | null>;
}

export class ServerlessConfigError extends Error {}

/** Time the request waits for the immediate delivery attempt before answering 202 anyway. */
const inlineBudgetMs = 6_000;
/** Time a scheduled pass spends at most (Netlify stops scheduled functions at 30 s). */
const scheduledBudgetMs = 20_000;

type Env = Record<string, string | undefined>;

export async function createServerlessRuntime(env: Env = process.env, clock: Clock = { now: () => Date.now() }) {
  const config = loadConfig(env);
  const settings = loadRedisSettings(env);
  if (!settings) {
    throw new ServerlessConfigError(
      'Serverless functions keep tips in Redis: set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (or ' +
        'REDIS_URL). Without them an accepted tip would live only in a function\'s temporary disk.',
    );
  }
  if (config.generatedSecrets.length > 0) {
    throw new ServerlessConfigError(
      `${config.generatedSecrets.join(' and ')} must be set (32+ random characters, the same for every function ` +
        'instance); a secret made up per instance breaks proof of work and rate limiting between instances.',
    );
  }
  if (config.trustedClientIp === 'socket') {
    throw new ServerlessConfigError(
      'TRUSTED_CLIENT_IP=socket cannot work in a serverless function (there is no client socket to read): set ' +
        'TRUSTED_CLIENT_IP=x-nf-client-connection-ip on Netlify or TRUSTED_CLIENT_IP=x-real-ip on Vercel.',
    );
  }
  const keys = await loadTaskForceKeys({
    publicKeysFile: findKeysFile(config.taskforcePublicKeys),
    dataDir: config.dataDir,
    production: true, // never demo keys here: see the header comment
  });
  const redis = connectRedis(settings)!;
  const parts = createRedisParts(redis, settings, config);
  const mailer = config.smtpUrl && config.mailTo.length > 0 ? createSmtpMailer({ smtpUrl: config.smtpUrl }) : null;

  const pass = (budgetMs: number) =>
    forwardDueTips({
      queue: parts.queue,
      mailer: mailer!,
      clock,
      mail: { from: config.mailFrom, to: config.mailTo },
      recipients: () => recipientSet(keys.keys, new Date(clock.now())),
      sendDelayMaxMs: 0,
      signal: AbortSignal.timeout(budgetMs),
    });

  const immediate = mailer && config.sendDelayMaxSeconds === 0;
  const app = createApp({
    config,
    queue: parts.queue,
    staging: parts.staging,
    limiter: parts.limiter,
    replay: parts.replay,
    keys,
    clock,
    // Awaited: a function may be frozen as soon as it has answered, so work after the response is not reliable.
    afterEnqueue: immediate ? async () => void (await pass(inlineBudgetMs)) : undefined,
  });

  return {
    app,
    config,
    parts,
    mailer,
    forwardOnce: async () => (mailer ? pass(scheduledBudgetMs) : null),
  } satisfies ServerlessRuntime;
}

let cached: Promise<ServerlessRuntime> | undefined;

/** The instance's runtime, built on first use. A failed build is not cached: the next request tries again. */
export function serverlessRuntime(env: Env = process.env): Promise<ServerlessRuntime> {
  cached ??= createServerlessRuntime(env).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** For tests: forget the cached runtime (closing its Redis connection). */
export async function resetServerlessRuntime(): Promise<void> {
  const current = cached;
  cached = undefined;
  if (current) await (await current.catch(() => null))?.parts.close();
}

/**
 * The answer while the configuration is broken: a 503 in the API's error shape. The reason goes to the function's
 * log (it names variables, never values); the client learns only that the tip line is unavailable.
 */
export function unavailable(error: unknown): Response {
  const known =
    error instanceof ConfigError ||
    error instanceof ServerlessConfigError ||
    error instanceof RedisConfigError ||
    error instanceof KeyConfigError;
  console.error(`[tipline] not configured: ${known ? (error as Error).message : (error as Error)?.name ?? 'error'}`);
  const response = Response.json(
    { error: { code: 'server', message: 'The tip line is not available right now; try again later.' } },
    { status: 503, headers: { 'Cache-Control': 'no-store' } },
  );
  applySecurityHeaders(response.headers);
  return response;
}

/**
 * TASKFORCE_PUBLIC_KEYS as given, or — when it is relative and not found from the working directory — relative to the
 * project root as seen from this file (function bundles do not always run from the project root).
 */
function findKeysFile(path: string | null): string | null {
  if (!path || isAbsolute(path) || existsSync(resolve(path))) return path;
  const here = dirname(fileURLToPath(import.meta.url));
  for (const base of [resolve(here, '../..'), resolve(here, '..'), here]) {
    const candidate = resolve(base, path);
    if (existsSync(candidate)) return candidate;
  }
  return path; // let the key loader report it
}
