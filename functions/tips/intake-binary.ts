// POST /api/tips with application/octet-stream: the browser's encrypted report as a binary OpenPGP message (a third
// smaller than armored text, which is what the JSON API takes). The reference code and the proof of work come in
// headers, so both are checked, and the rate limit taken, before a byte of the body is read:
// reference code → proof of work → rate limit → body (capped) → OpenPGP envelope → armored, durable enqueue → 202.
import type { Context } from 'hono';
import { tipHeaders, tipLimits } from '../../src/shared/tip-fields.ts';
import { readBody } from '../http/body.ts';
import { checkBinaryEnvelope } from '../pgp/envelope.ts';
import { admitReport } from './admission.ts';
import { jsonError, parseReceipt } from './answer.ts';
import type { IntakeDeps } from './intake-deps.ts';
import { queueChecked } from './store.ts';

export async function handleBinaryTip(c: Context, deps: IntakeDeps): Promise<Response> {
  const code = parseReceipt(c.req.header(tipHeaders.receipt));
  if (!code) return jsonError(c, 'receipt.invalid');

  const refused = await admitReport(c, deps, c.req.header(tipHeaders.proof));
  if (refused) return refused;

  const body = await readBody(c, tipLimits.maxRequestBytes);
  if (!body.ok) return jsonError(c, body.error === 'too-large' ? 'body.too-large' : 'body.invalid');
  return queueChecked(
    c,
    deps,
    await checkBinaryEnvelope(body.bytes, await deps.recipients(), tipLimits.maxRequestBytes),
    code,
  );
}
