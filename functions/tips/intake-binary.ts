// POST /api/tips with application/octet-stream: the browser's encrypted report as a binary OpenPGP message (a third
// smaller than armored text, which is what the JSON API takes). The lookup hash (an older page: the reference code)
// and the proof of work come in headers, so both are checked, and the rate limit taken, before a byte of the body is
// read: lookup hash → proof of work → rate limit → body (capped) → OpenPGP envelope → armored, durable enqueue → 202.
import type { Context } from 'hono';
import { tipHeaders, tipLimits } from '../../src/shared/tip-fields.ts';
import { readBody } from '../http/body.ts';
import { checkBinaryEnvelope } from '../pgp/envelope.ts';
import { admitReport } from './admission.ts';
import { jsonError, parseTipThread } from './answer.ts';
import type { IntakeDeps } from './intake-deps.ts';
import { queueChecked } from './store.ts';

export async function handleBinaryTip(c: Context, deps: IntakeDeps): Promise<Response> {
  const thread = parseTipThread(c.req.header(tipHeaders.lookup), c.req.header(tipHeaders.receipt));
  if (!thread) return jsonError(c, 'receipt.invalid');

  const refused = await admitReport(c, deps, c.req.header(tipHeaders.proof));
  if (refused) return refused;

  const body = await readBody(c, tipLimits.maxRequestBytes);
  if (!body.ok) return jsonError(c, body.error === 'too-large' ? 'body.too-large' : 'body.invalid');
  return queueChecked(
    c,
    deps,
    await checkBinaryEnvelope(body.bytes, await deps.recipients(), tipLimits.maxRequestBytes),
    thread,
  );
}
