// POST /api/status: what a reference code says about its report (waiting, delivered, undeliverable or unknown), for
// the status form without JavaScript (an HTML page) and for pages from before follow-up existed (JSON). Today's
// status page never sends the code: it asks POST /api/thread with the lookup token (functions/thread/).
// The code is looked up by its thread's lookup hash, and then, for reports sent before that existed, by the plain
// SHA-256 of the code they were stored under.
// A check costs what reading a thread costs (one unit of the thread-read limit, after the code is found valid): this
// is the same question asked another way, and without the limit it would be a way around it.
import type { Context } from 'hono';
import { readBody } from '../http/body.ts';
import { parseFormBody } from '../http/form-body.ts';
import { serverLimits } from '../http/limits.ts';
import type { DeskStore } from '../desk-ports.ts';
import type { RateLimiter, ReceiptStatus, TipQueue } from '../ports.ts';
import { statusOfCase, statusOfDelivery, type TipsterStatus } from '../thread/status.ts';
import { rateLimit, refusal } from './admission.ts';
import { jsonError, parseReceipt, readJsonBody, respondError } from './answer.ts';
import type { IntakeDeps } from './intake-deps.ts';
import { pickLocale, statusPage } from './responses.ts';
import { codeLookupHash } from './store.ts';
import { createHash } from 'node:crypto';

/** The status of a report sent with this code, whether it was stored under the lookup hash or (earlier) the code's hash. */
export async function statusOfCode(queue: TipQueue, code: string): Promise<ReceiptStatus> {
  const status = await queue.receiptStatus(await codeLookupHash(code));
  if (status !== 'unknown') return status;
  return queue.receiptStatus(createHash('sha256').update(code).digest('hex'));
}

/** What the tipster is told: the desk case's status when there is one, else the delivery status. */
export async function tipsterStatusOfCode(
  queue: TipQueue,
  desk: DeskStore | null,
  code: string,
): Promise<TipsterStatus> {
  const caseId = desk ? await desk.caseIdByLookup(await codeLookupHash(code)) : null;
  const found = caseId ? await desk!.getCase(caseId) : null;
  return found ? statusOfCase(found.status) : statusOfDelivery(await statusOfCode(queue, code));
}

/** The status form has a code and a language; a few more fields are tolerated, not thousands. */
const statusFormFields = 8;

export async function handleStatus(c: Context, deps: IntakeDeps, readLimiter: RateLimiter): Promise<Response> {
  const { queue, desk } = deps;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/json')) {
    const body = await readJsonBody(c, serverLimits.smallBodyBytes);
    if (body instanceof Response) return body;
    const code = parseReceipt(body.receipt);
    if (!code) return jsonError(c, 'receipt.invalid');
    const admitted = await rateLimit(c, deps, readLimiter);
    if (!admitted.ok) return refusal(c, admitted);
    return c.json({ status: await statusOfCode(queue, code) });
  }

  const body = await readBody(c, serverLimits.smallBodyBytes);
  if (!body.ok) return respondError(c, body.error === 'too-large' ? 'body.too-large' : 'body.invalid');
  const form = parseFormBody(type, body.bytes, { maxFields: statusFormFields });
  if (!form.ok) return respondError(c, form.error === 'too-many-fields' ? 'body.too-many-fields' : 'body.invalid');
  const first = (name: string) => form.fields[name]?.find((v): v is string => typeof v === 'string');
  const locale = pickLocale(first('lang'), c.req.query('lang'));
  const code = parseReceipt(first('receipt'));
  if (!code) return respondError(c, 'receipt.invalid', { locale });
  const admitted = await rateLimit(c, deps, readLimiter);
  if (!admitted.ok) return refusal(c, admitted, locale);
  return c.html(statusPage(locale, code, await tipsterStatusOfCode(queue, desk, code)));
}
