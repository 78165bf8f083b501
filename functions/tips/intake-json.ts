// POST /api/tips with JSON: the browser already encrypted the report. Checks, cheapest first, then stores:
// shape → lookup hash (or, from an older page, the reference code) → proof of work → rate limit → OpenPGP envelope → durable enqueue → 202.
// The proof of work comes before the rate limit so requests without one do not use up a network's allowance.
import type { Context } from 'hono';
import { tipLimits } from '../../src/shared/tip-fields.ts';
import { admitReport } from './admission.ts';
import { jsonError, parseTipThread, readJsonBody } from './answer.ts';
import { checkEnvelope } from '../pgp/envelope.ts';
import type { IntakeDeps } from './intake-deps.ts';
import { queueChecked } from './store.ts';

export async function handleJsonTip(c: Context, deps: IntakeDeps): Promise<Response> {
  const body = await readJsonBody(c, tipLimits.maxRequestBytes);
  if (body instanceof Response) return body;
  const { ciphertext, lookupHash, receipt, altcha } = body;
  if (typeof ciphertext !== 'string' || (typeof lookupHash !== 'string' && typeof receipt !== 'string'))
    return jsonError(c, 'body.invalid');

  const thread = parseTipThread(lookupHash, receipt);
  if (!thread) return jsonError(c, 'receipt.invalid');

  const refused = await admitReport(c, deps, altcha);
  if (refused) return refused;

  return queueChecked(
    c,
    deps,
    await checkEnvelope(ciphertext, await deps.recipients(), tipLimits.maxRequestBytes),
    thread,
  );
}
