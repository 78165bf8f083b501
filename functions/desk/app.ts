// The task force desk's API: a Hono app under /api/desk/, built from injected parts like the tip line's app, and
// mounted into it (functions/app.ts) only when the desk is configured (DESK_ORIGIN).
//
// Every request that changes something must: be JSON (a cross-site form cannot send that without a preflight);
// pass hono/csrf (a form from another origin is refused); not come from another site (Sec-Fetch-Site); and, once
// signed in, carry the session's CSRF token (session.ts). Answers are never cached. Errors are logged by route
// pattern and error name only (no ids, no bodies).
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { declaredLength } from '../http/body.ts';
import type { TaskForceKeys } from '../keys.ts';
import type { Clock, RateLimiter } from '../ports.ts';
import { recipientSet, type RecipientSet } from '../pgp/recipients.ts';
import { mountCases } from './cases.ts';
import type { DeskConfig } from './config.ts';
import { defaultLifetimes, type DeskDeps, type DeskEnv, type DeskLifetimes } from './context.ts';
import { deskError } from './errors.ts';
import { mountExports } from './exports.ts';
import { mountOfficers } from './officers.ts';
import { endSession, requireSession, sessionView } from './session.ts';
import { mountStepUp } from './step-up.ts';
import type { DeskStore } from '../desk-ports.ts';
import { mountPasskeys, mountWebAuthn } from './webauthn.ts';

export const deskBasePath = '/api/desk';

export interface DeskParts {
  store: DeskStore;
  keys: TaskForceKeys;
  clock: Clock;
  config: DeskConfig;
  lifetimes?: Partial<DeskLifetimes>;
  /**
   * Limits the passkey ceremonies (/api/desk/auth/*, the routes open without a session) per client network, so no
   * one can fill the store with challenges; keyed like the tip line's limit (limiter/client-key.ts). A request
   * whose key is null (no trusted address) is refused.
   */
  authLimit?: { limiter: RateLimiter; keyOf(c: Context): string | null };
}

const recipientsRefreshMs = 3_600_000;
const maxRequestBytes = 1024 * 1024;

export function createDeskApp(parts: DeskParts): Hono<DeskEnv> {
  let recipients: { at: number; set: Promise<RecipientSet> } | undefined;
  const deps: DeskDeps = {
    store: parts.store,
    keys: parts.keys,
    clock: parts.clock,
    config: parts.config,
    lifetimes: { ...defaultLifetimes, ...parts.lifetimes },
    recipients: () => {
      const now = parts.clock.now();
      if (!recipients || now - recipients.at > recipientsRefreshMs)
        recipients = { at: now, set: recipientSet(parts.keys.keys, new Date(now)) };
      return recipients.set;
    },
  };

  const app = new Hono<DeskEnv>().basePath(deskBasePath);

  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });
  app.use('*', csrf({ origin: parts.config.origin }));
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin') return deskError(c, 'desk.csrf');
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json'))
      return deskError(c, 'desk.json-only');
    if ((declaredLength(c) ?? 0) > maxRequestBytes) return deskError(c, 'desk.too-large');
    return next();
  });

  // Passkey ceremonies are the only routes open without a session.
  const authLimit = parts.authLimit;
  if (authLimit) {
    app.use('/auth/*', async (c, next) => {
      const key = authLimit.keyOf(c);
      const rate = key === null ? null : await authLimit.limiter.limit(key);
      if (rate?.allowed) return next();
      c.header('Retry-After', String(rate?.retryAfter ?? 60));
      return deskError(c, key === null ? 'desk.unavailable' : 'desk.rate-limited');
    });
  }
  mountWebAuthn(app, deps);
  const signedIn = requireSession(deps);
  app.use('*', (c, next) => (c.req.path.startsWith(`${deskBasePath}/auth/`) ? next() : signedIn(c, next)));

  app.get('/session', (c) => sessionView(c));
  app.post('/logout', (c) => endSession(c, deps));
  mountPasskeys(app, deps);
  mountStepUp(app, deps);
  mountOfficers(app, deps);
  mountCases(app, deps);
  mountExports(app, deps);

  app.all('*', (c) => deskError(c, 'desk.not-found'));

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 403) return deskError(c, 'desk.csrf');
    // A body that crossed its route's cap while being read (body.ts): the same answer as one declared too large.
    if (error instanceof HTTPException && error.status === 413) return deskError(c, 'desk.too-large');
    if (error instanceof HTTPException && error.status < 500) return deskError(c, 'desk.invalid');
    console.error(`[desk] ${c.req.method} ${routePath(c, -1)} failed: ${error.name}`);
    return deskError(c, 'desk.server');
  });

  return app;
}
