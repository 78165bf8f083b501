// The tip line's HTTP API: one Hono app built from injected parts, the same for the Node server, the serverless
// entries and the tests.
//
//   GET  /api/altcha   a proof-of-work challenge
//   POST /api/tips     the browser's ciphertext, binary (tips/intake-binary.ts) or armored in JSON (tips/intake-json.ts),
//                      or a plain form post (JavaScript off), which is then
//                      sent on to GET /api/tips/sent, the page with its reference code (tips/sent-page.ts)
//   POST /api/tips/uploads, PUT …/:upload/parts/:index, POST …/:upload/complete
//                      the same JSON tip in parts, when its ciphertext is too large for one request (tips/uploads.ts)
//   POST /api/status   what a reference code says: waiting, delivered or unknown (the no-JS status form)
//   POST /api/thread, /api/thread/followups, /api/thread/replies/delete
//                      a tipster's thread by its lookup token: status, replies, follow-ups (thread/routes.ts)
//   /api/desk/*        the task force desk (desk/app.ts), only when it is configured (DESK_ORIGIN)
//
// Privacy: no logger middleware, no cookies; nothing about the client (address, user agent, referrer) is read except
// the configured address source, and only to derive the rate-limit key. Errors are logged by kind, never with the
// request body or the error message (a JSON parse error quotes the body).
// Limits (docs/limits.md): a body declared over its route's cap is refused before it is read; a body is read only
// by its route, under that cap (http/body.ts), and a client that breaks it off gets a 400 and no log line; large
// bodies are admitted a few at a time (http/in-flight.ts).
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { tipLimits } from '../src/shared/tip-fields.ts';
import type { Config } from './config.ts';
import { createCmsAuth, type CmsAuthOptions } from './cms-auth/app.ts';
import type { DeskEnv } from './desk/context.ts';
import type { DeskStore } from './desk-ports.ts';
import { declaredBodyLimit } from './http/body.ts';
import { createInFlight } from './http/in-flight.ts';
import { serverLimits } from './http/limits.ts';
import { applySecurityHeaders } from './http/security-headers.ts';
import { createNoAddressLog } from './http/no-address.ts';
import type { TaskForceKeys } from './keys.ts';
import type { Clock, Parts } from './ports.ts';
import { inTurnIfLarge } from './tips/admission.ts';
import { isFormPost, jsonError, respondError } from './tips/answer.ts';
import { recipientSet, type RecipientSet } from './pgp/recipients.ts';
import type { IntakeDeps } from './tips/intake-deps.ts';
import { handleBinaryTip } from './tips/intake-binary.ts';
import { handleFormTip } from './tips/intake-form.ts';
import { handleJsonTip } from './tips/intake-json.ts';
import { createProofOfWork } from './pow/pow.ts';
import { handleSentPage, sentPageKey } from './tips/sent-page.ts';
import { handleStatus } from './tips/status.ts';
import { mountThread } from './thread/routes.ts';
import { handleCompleteUpload, handleOpenUpload, handlePutPart } from './tips/uploads.ts';

/** What the app is built from: the ports it uses (functions/runtime/parts.ts builds them), the configuration and keys. */
export interface AppParts extends Omit<Parts, 'mailer'> {
  config: Config;
  keys: TaskForceKeys;
  clock: Clock;
  /** The CMS's GitHub login (functions/cms-auth/), when its OAuth app is configured. */
  cmsAuth?: CmsAuthOptions;
  /** Called after a tip is durably queued, before the 202 (serverless: try to deliver it at once). */
  afterEnqueue?: (id: string) => Promise<void> | void;
  /** The task force desk's API under /api/desk/ (runtime/desk.ts); absent: no such route. */
  desk?: Hono<DeskEnv>;
  /** The desk's store, when the desk is on: tips become cases there, and tipsters' threads are read from it. */
  deskStore?: DeskStore;
}

const recipientsRefreshMs = 3_600_000;

export function createApp(parts: AppParts): Hono {
  const { config, queue, clock } = parts;
  const pow = createProofOfWork({
    hmacSecret: config.altchaHmacSecret,
    cost: config.altchaCost,
    replay: parts.replay,
    clock,
  });

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
    inFlight: createInFlight(serverLimits.inFlight),
    noAddress: createNoAddressLog(config.trustedClientIp, clock),
    sentPageKey: sentPageKey(config.altchaHmacSecret),
    desk: parts.deskStore ?? null,
    recipients: () => {
      const now = clock.now();
      if (!recipients || now - recipients.at > recipientsRefreshMs) {
        recipients = { at: now, set: recipientSet(parts.keys.keys, new Date(now)) };
      }
      return recipients.set;
    },
  };

  const app = new Hono();

  // The one header table (http/security-headers.ts), which scripts/write-deploy-headers.ts also writes into
  // netlify.toml and vercel.json for the static site; hono/secure-headers would hold a second copy of the policy.
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
  // (hono/csrf checks form posts only and answers a bare 403; this covers every POST and PUT and answers in the API's
  // shape or with the localized page.)
  app.on(['POST', 'PUT'], '/api/*', async (c, next) => {
    if (c.req.header('sec-fetch-site') === 'cross-site') return respondError(c, 'request.cross-site');
    return next();
  });

  app.get('/api/altcha', async (c) => c.json(await pow.challenge()));

  // A large body holds a slot from the moment it is admitted until its answer (tips/admission.ts).
  const largeBodiesInTurn = inTurnIfLarge(deps);

  app.post(
    '/api/tips',
    declaredBodyLimit(tipLimits.maxRequestBytes, (c) => respondError(c, 'body.too-large')),
    largeBodiesInTurn,
    async (c) => {
      const type = (c.req.header('content-type') ?? '').toLowerCase();
      if (type === 'application/octet-stream') return handleBinaryTip(c, deps);
      if (type.startsWith('application/json')) return handleJsonTip(c, deps);
      if (isFormPost(c)) return handleFormTip(c, deps);
      return jsonError(c, 'body.invalid');
    },
  );

  // Where a plain form post sends the browser once its report is stored (Post/Redirect/Get: a reload sends nothing).
  app.get('/api/tips/sent', (c) => handleSentPage(c, deps.sentPageKey, clock.now()));

  // A report in parts. Each route has its own body limit: a part is at most tipLimits.uploadPartBytes of binary
  // ciphertext, so no request of a full report comes near the platforms' limits (Vercel 4.5 MB).
  const jsonTooLarge = declaredBodyLimit(serverLimits.smallBodyBytes, (c) => jsonError(c, 'body.too-large'));
  app.post('/api/tips/uploads', jsonTooLarge, (c) => handleOpenUpload(c, deps));
  app.put(
    '/api/tips/uploads/:upload/parts/:index',
    declaredBodyLimit(tipLimits.maxPartRequestBytes, (c) => jsonError(c, 'body.too-large')),
    largeBodiesInTurn,
    (c) => handlePutPart(c, deps),
  );
  app.post('/api/tips/uploads/:upload/complete', jsonTooLarge, (c) => handleCompleteUpload(c, deps));

  app.post(
    '/api/status',
    declaredBodyLimit(serverLimits.smallBodyBytes, (c) => respondError(c, 'body.too-large')),
    (c) => handleStatus(c, deps, parts.threadLimiter),
  );

  // A tipster's thread: status, replies, follow-ups (thread/routes.ts); with the desk off, the status only.
  mountThread(app, deps, parts.threadLimiter);

  if (parts.cmsAuth) app.route('/api/cms-auth', createCmsAuth(parts.cmsAuth));
  if (parts.desk) app.route('/', parts.desk);

  app.all('/api/*', (c) => c.json({ error: { code: 'not-found', message: 'No such API route.' } }, 404));

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's own rejections (a malformed request it could not read): a client problem, not ours.
      return respondError(c, error.status === 413 ? 'body.too-large' : 'body.invalid');
    }
    const code = (error as { code?: unknown }).code;
    // The path without an upload id (a capability for that upload, not something for logs).
    const path = c.req.path.replace(/\/uploads\/[^/]+/, '/uploads/:upload');
    console.error(
      `[tipline] ${c.req.method} ${path} failed: ${error.name}${typeof code === 'string' ? ` ${code}` : ''}`,
    );
    return respondError(c, 'server');
  });

  return app;
}
