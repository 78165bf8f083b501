// POST /api/tips with JSON: the browser already encrypted the report. Checks, cheapest first, then stores:
// shape → reference code → proof of work → rate limit → OpenPGP envelope → durable enqueue → 202.
// The proof of work comes before the rate limit so requests without one do not use up a network's allowance.
import type { Context } from 'hono';
import { normalizeReceiptCode } from '../../src/shared/receipt.ts';
import { tipLimits } from '../../src/shared/tip-fields.ts';
import { readJsonObject } from '../http/body.ts';
import { checkEnvelope, type EnvelopeResult } from './envelope.ts';
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
  const admitted = await rateLimit(c, deps);
  if (admitted.ok) return null;
  if (admitted.code === 'rate.limited') c.header('Retry-After', String(admitted.retryAfter));
  return jsonError(c, admitted.code);
}

export async function handleJsonTip(c: Context, deps: IntakeDeps): Promise<Response> {
  const body = await readJsonObject(c, tipLimits.maxRequestBytes);
  if (!body.ok) return jsonError(c, body.error === 'too-large' ? 'body.too-large' : 'body.invalid');
  const { ciphertext, receipt, altcha } = body.value;
  if (typeof ciphertext !== 'string' || typeof receipt !== 'string') return jsonError(c, 'body.invalid');

  const code = receipt.length <= 64 ? normalizeReceiptCode(receipt) : null;
  if (!code) return jsonError(c, 'receipt.invalid');

  const refused = await admitReport(c, deps, altcha);
  if (refused) return refused;

  return queueChecked(c, deps, await checkEnvelope(ciphertext, await deps.recipients(), tipLimits.maxRequestBytes), code);
}

/** The end of every browser path: a refused envelope's error, or the tip durably queued and 202. */
export async function queueChecked(c: Context, deps: IntakeDeps, envelope: EnvelopeResult, code: string): Promise<Response> {
  if (!envelope.ok) return jsonError(c, envelope.code);
  await storeTip(deps, envelope.armored, code);
  return c.json({ receipt: code, status: 'waiting' }, 202);
}
