// The tip line's HTTP API: one Hono app built from injected parts, the same for the Node server, the serverless
// entries and the tests.
//
//   GET  /api/altcha   a proof-of-work challenge
//   POST /api/tips     JSON (ciphertext from the browser) or a plain form post (JavaScript off)
//   POST /api/tips/uploads, PUT …/:upload/parts/:index, POST …/:upload/complete
//                      the same JSON tip in parts, when its ciphertext is too large for one request (tips/uploads.ts)
//   POST /api/status   what a reference code says: waiting, delivered or unknown
//
// Privacy: no logger middleware, no cookies; nothing about the client (address, user agent, referrer) is read except
// the configured address source, and only to derive the rate-limit key. Errors are logged by kind, never with the
// request body or the error message (a JSON parse error quotes the body).
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { tipLimits } from '../src/shared/tip-fields.ts';
import type { Config } from './config.ts';
import { applySecurityHeaders } from './http/security-headers.ts';
import type { TaskForceKeys } from './keys.ts';
import type { Clock, RateLimiter, ReplayStore, TipQueue, UploadStaging } from './ports.ts';
import type { IntakeDeps } from './tips/context.ts';
import { recipientSet, type RecipientSet } from './tips/envelope.ts';
import { errorBody, errorCodes, type ErrorCode } from './tips/errors.ts';
import { handleFormTip } from './tips/intake-form.ts';
import { handleJsonTip, jsonError } from './tips/intake-json.ts';
import { createProofOfWork } from './tips/pow.ts';
import { pickLocale, statusErrorPage, tipErrorPage } from './tips/responses.ts';
import { handleStatus } from './tips/status.ts';
import { handleCompleteUpload, handleOpenUpload, handlePutPart } from './tips/uploads.ts';

export interface AppParts {
  config: Config;
  queue: TipQueue;
  /** Where the parts of a report sent in parts wait for its last request. */
  staging: UploadStaging;
  limiter: RateLimiter;
  replay: ReplayStore;
  keys: TaskForceKeys;
  clock: Clock;
  /** Called after a tip is durably queued, before the 202 (serverless: try to deliver it at once). */
  afterEnqueue?: (id: string) => Promise<void> | void;
}

const statusBodyLimit = 16 * 1024;
/** Opening and completing an upload: a proof of work, counts, a reference code. */
const uploadControlBodyLimit = 16 * 1024;
const recipientsRefreshMs = 3_600_000;

export function createApp(parts: AppParts): Hono {
  const { config, queue, clock } = parts;
  const pow = createProofOfWork({ hmacSecret: config.altchaHmacSecret, cost: config.altchaCost, replay: parts.replay, clock });

  let recipients: { at: number; set: Promise<RecipientSet> } | undefined;
  const deps: IntakeDeps = {
    config,
    queue,
    staging: parts.staging,
    limiter: parts.limiter,
    pow,
    keys: parts.keys,
    clock,
    afterEnqueue: parts.afterEnqueue,
    recipients: () => {
      const now = clock.now();
      if (!recipients || now - recipients.at > recipientsRefreshMs) {
        recipients = { at: now, set: recipientSet(parts.keys.keys, new Date(now)) };
      }
      return recipients.set;
    },
  };

  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    applySecurityHeaders(c.res.headers);
  });
  app.use('/api/*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });

  // A page on another site cannot make visitors' browsers post fake tips (the no-JS path has no proof of work).
  // Sec-Fetch-Site is used, not Origin: with Referrer-Policy no-referrer a same-origin POST sends "Origin: null".
  app.on(['POST', 'PUT'], '/api/*', async (c, next) => {
    if (c.req.header('sec-fetch-site') === 'cross-site') return respondError(c, 'request.cross-site');
    return next();
  });

  app.get('/api/altcha', async (c) => c.json(await pow.challenge()));

  app.post(
    '/api/tips',
    bodyLimit({ maxSize: tipLimits.maxRequestBytes, onError: (c) => respondError(c, 'body.too-large') }),
    async (c) => {
      const type = (c.req.header('content-type') ?? '').toLowerCase();
      if (type.startsWith('application/json')) return handleJsonTip(c, deps);
      if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
        return handleFormTip(c, deps);
      }
      return jsonError(c, 'body.invalid');
    },
  );

  // A report in parts. Each route has its own body limit: a part is at most tipLimits.uploadPartBytes of armored
  // text, so no request of a full report comes near the platforms' limits (Vercel 4.5 MB).
  const jsonTooLarge = bodyLimit({ maxSize: uploadControlBodyLimit, onError: (c) => jsonError(c, 'body.too-large') });
  app.post('/api/tips/uploads', jsonTooLarge, (c) => handleOpenUpload(c, deps));
  app.put(
    '/api/tips/uploads/:upload/parts/:index',
    bodyLimit({ maxSize: tipLimits.maxPartRequestBytes, onError: (c) => jsonError(c, 'body.too-large') }),
    (c) => handlePutPart(c, deps),
  );
  app.post('/api/tips/uploads/:upload/complete', jsonTooLarge, (c) => handleCompleteUpload(c, deps));

  app.post(
    '/api/status',
    bodyLimit({ maxSize: statusBodyLimit, onError: (c) => respondError(c, 'body.too-large') }),
    (c) => handleStatus(c, queue),
  );

  app.all('/api/*', (c) => c.json({ error: { code: 'not-found', message: 'No such API route.' } }, 404));

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's own rejections (a malformed request it could not read): a client problem, not ours.
      return respondError(c, error.status === 413 ? 'body.too-large' : 'body.invalid');
    }
    const code = (error as { code?: unknown }).code;
    // The path without an upload id (a capability for that upload, not something for logs).
    const path = c.req.path.replace(/\/uploads\/[^/]+/, '/uploads/:upload');
    console.error(`[tipline] ${c.req.method} ${path} failed: ${error.name}${typeof code === 'string' ? ` ${code}` : ''}`);
    return respondError(c, 'server');
  });

  return app;
}

/** JSON for scripts, a localized page for plain form posts. */
function respondError(c: Context, code: ErrorCode): Response {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  const html = type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded');
  if (!html) return c.json(errorBody(code), errorCodes[code].status);
  const locale = pickLocale(c.req.query('lang'));
  if (c.req.path === '/api/status') return c.html(statusErrorPage(locale, code), errorCodes[code].status);
  return c.html(tipErrorPage(locale, code), errorCodes[code].status);
}
