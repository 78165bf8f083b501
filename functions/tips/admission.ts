// The admission step every report passes before its body is trusted with any work: one proof of work (JSON routes:
// the browser solved it) and one unit of the rate limit for the client's network, whether the report comes in one
// request, in parts or as a plain form post (which cannot do proof of work without JavaScript, so it is limited
// from the address alone, before its body is read). The proof of work comes first so requests without one do not
// use up a network's allowance.
//
// The client address is request policy (http/client-key.ts): only the configured source is read, and only to derive
// the keyed hash the limiter counts.
import type { Context, MiddlewareHandler } from 'hono';
import { declaredLength } from '../http/body.ts';
import { requestClientKey } from '../http/client-key.ts';
import { serverLimits } from '../http/limits.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import { respondError } from './answer.ts';
import type { IntakeDeps } from './intake-deps.ts';

export type Admission =
  | { ok: true }
  | { ok: false; code: 'rate.limited'; retryAfter: number }
  /** No client address: refused, never counted in a bucket shared with every other such request. */
  | { ok: false; code: 'server.unavailable' };

/** The request's rate-limit key (a keyed hash of its network, never the address), or null when it has none. */
export function clientKeyOf(c: Context, deps: IntakeDeps): string | null {
  return requestClientKey(c, deps.config, deps.clock.now());
}

/**
 * The rate limit's decision for this request's network; decided from the address alone, before any body. The
 * reports' limit unless another is given (a tipster's thread reads have their own: thread/routes.ts).
 */
export async function rateLimit(c: Context, deps: IntakeDeps, limiter = deps.limiter): Promise<Admission> {
  const key = clientKeyOf(c, deps);
  if (key === null) {
    deps.noAddress();
    return { ok: false, code: 'server.unavailable' };
  }
  const rate = await limiter.limit(key);
  return rate.allowed ? { ok: true } : { ok: false, code: 'rate.limited', retryAfter: rate.retryAfter };
}

/** A refused admission as an answer: Retry-After when the limit says when, and (on a page) the minutes to wait. */
export function refusal(c: Context, admission: Exclude<Admission, { ok: true }>, locale?: Locale): Response {
  if (admission.code === 'server.unavailable') return respondError(c, admission.code, { locale });
  c.header('Retry-After', String(admission.retryAfter));
  return respondError(c, 'rate.limited', {
    locale,
    values: { minutes: Math.max(1, Math.ceil(admission.retryAfter / 60)) },
  });
}

/**
 * One report, one proof of work and one unit of the rate limit, whether it comes in one request or in parts:
 * an error response if it may not come in, null if it may.
 */
export async function admitReport(c: Context, deps: IntakeDeps, altcha: unknown): Promise<Response | null> {
  const pow = await deps.pow.verify(altcha);
  if (!pow.ok) return respondError(c, pow.code);
  const admitted = await rateLimit(c, deps);
  return admitted.ok ? null : refusal(c, admitted);
}

/**
 * A large body (declared over serverLimits.largeBodyBytes, or chunked) holds a slot from the moment it is admitted
 * until its answer: a few at a time in the process and per client network (http/in-flight.ts); one too many is told
 * to come back (503, Retry-After) without its body being read. Every route whose body is read before its proof of
 * work and rate limit and may be large uses it: a report, a part of one, a follow-up.
 */
export function inTurnIfLarge(deps: IntakeDeps): MiddlewareHandler {
  return async (c, next) => {
    const declared = declaredLength(c);
    if (!c.req.raw.body || (declared !== null && declared <= serverLimits.largeBodyBytes)) return next();
    const release = deps.inFlight.acquire(clientKeyOf(c, deps));
    if (!release) {
      c.header('Retry-After', String(serverLimits.busyRetryAfterSeconds));
      return respondError(c, 'server.busy');
    }
    try {
      await next();
    } finally {
      release();
    }
  };
}
