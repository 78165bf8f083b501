// The tip line as serverless functions (Netlify, Vercel): the shared Hono app over the parts the configuration
// names (Redis is required there: loadConfig's 'serverless' checks), plus the forwarding pass the scheduled
// function runs. Built once per function instance and reused while it stays warm. The entries (api/,
// functions/netlify/) only adapt their platform's signature to handleApi and scheduledForward.
//
// Serverless has no disk that outlives an invocation and runs many instances at once, so here, unlike `npm start`,
// Redis, the secrets, real task force keys and a platform address header are required (functions/config.ts).
// Delivery: right after a tip is durably queued, one forwarding pass is awaited (bounded in time), so a tip usually
// reaches the task force within the request; the scheduled function drains whatever that missed (SMTP down, a
// crash, retries). With TIP_SEND_DELAY_MAX > 0 the immediate pass is skipped: tips then leave at the next scheduled
// run, which is the serverless form of the random delay (a function cannot sleep for minutes).
// The desk, when DESK_ORIGIN is set: its API is mounted beside the tip line's (its store in the same Redis, under the
// same key prefix), tips become cases, tipsters' threads are read from it; the scheduled function also runs its
// sweep (expired sessions and challenges, cases past their retention day), as the Node server does every 5 minutes.
import { cmsAuthFromEnv } from '../cms-auth/app.ts';
import type { Hono } from 'hono';
import { createApp } from '../app.ts';
import { ConfigError, type Config } from '../config.ts';
import type { ForwardResult } from '../forwarder/pass.ts';
import { applySecurityHeaders } from '../http/security-headers.ts';
import type { Clock, QueueCounts } from '../ports.ts';
import { forwardPass } from './forward.ts';
import { openParts, type OpenedParts } from './parts.ts';
import { loadStartup } from './startup.ts';
import { loadDeskConfig } from '../desk/config.ts';
import { openDesk, type OpenedDesk } from './desk.ts';

export interface ServerlessRuntime {
  app: Hono;
  config: Config;
  parts: OpenedParts;
  /** The desk, when DESK_ORIGIN is set. */
  desk: OpenedDesk | null;
  /** One bounded forwarding pass (the scheduled function). Null when SMTP is not configured. */
  forwardOnce(): Promise<ForwardResult | null>;
}

/** Time the request waits for the immediate delivery attempt before answering 202 anyway. */
const inlineBudgetMs = 6_000;
/** Time a scheduled pass spends at most (Netlify stops scheduled functions at 30 s). */
const scheduledBudgetMs = 20_000;

type Env = Record<string, string | undefined>;

export async function createServerlessRuntime(
  env: Env = process.env,
  clock: Clock = { now: () => Date.now() },
): Promise<ServerlessRuntime> {
  const startup = await loadStartup(env, 'serverless');
  const { config, keys } = startup;
  const deskConfig = loadDeskConfig(env, config.production); // a ConfigError like any other: the entry answers 503
  const parts = await openParts(config, clock);
  const desk = deskConfig ? openDesk(deskConfig, { config, keys, clock, redis: parts.redis }) : null;
  const pass = (budgetMs: number) => forwardPass(startup, parts, clock, { sendDelayMaxMs: 0, budgetMs });

  const immediate = parts.mailer !== null && config.sendDelayMaxSeconds === 0;
  const app = createApp({
    ...parts,
    config,
    keys,
    clock,
    cmsAuth: cmsAuthFromEnv(env, clock.now),
    // Awaited: a function may be frozen as soon as it has answered, so work after the response is not reliable.
    afterEnqueue: immediate ? async () => void (await pass(inlineBudgetMs)) : undefined,
    desk: desk?.app,
    deskStore: desk?.store,
  });
  return { app, config, parts, desk, forwardOnce: async () => pass(scheduledBudgetMs) };
}

let cached: Promise<ServerlessRuntime> | undefined;

/** The instance's runtime, built on first use. A failed build is not cached: the next request tries again. */
function serverlessRuntime(env: Env = process.env): Promise<ServerlessRuntime> {
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

/** An API request, for the platform entries; a 503 while the configuration is broken. */
export async function handleApi(request: Request, env?: unknown): Promise<Response> {
  let runtime: ServerlessRuntime;
  try {
    runtime = await serverlessRuntime();
  } catch (error) {
    return unavailable(error);
  }
  return runtime.app.fetch(request, env);
}

export type ScheduledForward =
  | { ok: true; result: ForwardResult; counts: QueueCounts }
  | { ok: false; reason: 'not-configured' | 'no-smtp' | 'mail-off' };

/** One scheduled forwarding pass, for the cron entries. Logs reasons, never content. */
export async function scheduledForward(): Promise<ScheduledForward> {
  let runtime: ServerlessRuntime;
  try {
    runtime = await serverlessRuntime();
  } catch (error) {
    logNotConfigured(error);
    return { ok: false, reason: 'not-configured' };
  }
  if (runtime.desk) {
    try {
      await runtime.desk.sweep(Date.now());
    } catch (error) {
      console.error(`[desk] sweeping expired sessions and cases failed (${(error as Error)?.name ?? 'error'})`);
    }
  }
  if (runtime.config.tipMail === 'off') return { ok: false, reason: 'mail-off' };
  const result = await runtime.forwardOnce();
  if (!result) {
    console.error('[tipline] forwarder: SMTP_URL or TIP_MAIL_TO is not set; tips stay queued.');
    return { ok: false, reason: 'no-smtp' };
  }
  return { ok: true, result, counts: await runtime.parts.queue.counts() };
}

/**
 * The answer while the configuration is broken: a 503 in the API's error shape. The reason goes to the function's
 * log (it names variables, never values); the client learns only that the tip line is unavailable.
 */
function unavailable(error: unknown): Response {
  logNotConfigured(error);
  const response = Response.json(
    { error: { code: 'server', message: 'The tip line is not available right now; try again later.' } },
    { status: 503, headers: { 'Cache-Control': 'no-store' } },
  );
  applySecurityHeaders(response.headers);
  return response;
}

function logNotConfigured(error: unknown): void {
  const reason = error instanceof ConfigError ? error.message : ((error as Error)?.name ?? 'error');
  console.error(`[tipline] not configured: ${reason}`);
}
