// POST /api/tips with JSON: the browser already encrypted the report. Checks, cheapest first, then stores:
// shape → reference code → proof of work → rate limit → OpenPGP envelope → durable enqueue → 202.
// The proof of work comes before the rate limit so requests without one do not use up a network's allowance.
import type { Context } from 'hono';
import { normalizeReceiptCode } from '../../src/shared/receipt.ts';
import { tipLimits } from '../../src/shared/tip-fields.ts';
import { checkEnvelope } from './envelope.ts';
import { errorBody, errorCodes, type ErrorCode } from './errors.ts';
import { rateLimit, storeTip, type IntakeDeps } from './context.ts';

export function jsonError(c: Context, code: ErrorCode): Response {
  return c.json(errorBody(code), errorCodes[code].status);
}

/**
 * One report, one proof of work and one unit of the rate limit, whether it comes in one request or in parts:
 * an error response if it may not come in, null if it may.
 */
export async function admitReport(c: Context, deps: IntakeDeps, altcha: unknown): Promise<Response | null> {
  const pow = await deps.pow.verify(altcha);
  if (!pow.ok) return jsonError(c, pow.code);
  const rate = await rateLimit(c, deps);
  if (!rate.allowed) {
    c.header('Retry-After', String(rate.retryAfter));
    return jsonError(c, 'rate.limited');
  }
  return null;
}

export async function handleJsonTip(c: Context, deps: IntakeDeps): Promise<Response> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return jsonError(c, 'body.invalid');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return jsonError(c, 'body.invalid');
  const { ciphertext, receipt, altcha } = body as Record<string, unknown>;
  if (typeof ciphertext !== 'string' || typeof receipt !== 'string') return jsonError(c, 'body.invalid');

  const code = receipt.length <= 64 ? normalizeReceiptCode(receipt) : null;
  if (!code) return jsonError(c, 'receipt.invalid');

  const refused = await admitReport(c, deps, altcha);
  if (refused) return refused;

  const envelope = await checkEnvelope(ciphertext, await deps.recipients(), tipLimits.maxRequestBytes);
  if (!envelope.ok) return jsonError(c, envelope.code);

  await storeTip(deps, envelope.armored, code);
  return c.json({ receipt: code, status: 'waiting' }, 202);
}
