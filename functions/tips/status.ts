// POST /api/status: what a reference code says about its report (waiting, delivered, undeliverable or unknown).
// Nothing else is linked to a code. JSON for the status page's script; a plain form post (JavaScript off) gets an
// HTML page.
import type { Context } from 'hono';
import { readBody } from '../http/body.ts';
import { parseFormBody } from '../http/form-body.ts';
import { serverLimits } from '../http/limits.ts';
import type { TipQueue } from '../ports.ts';
import { jsonError, parseReceipt, readJsonBody, respondError } from './answer.ts';
import { pickLocale, statusPage } from './responses.ts';
import { receiptHash } from './store.ts';

/** The status form has a code and a language; a few more fields are tolerated, not thousands. */
const statusFormFields = 8;

export async function handleStatus(c: Context, queue: TipQueue): Promise<Response> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/json')) {
    const body = await readJsonBody(c, serverLimits.smallBodyBytes);
    if (body instanceof Response) return body;
    const code = parseReceipt(body.receipt);
    if (!code) return jsonError(c, 'receipt.invalid');
    return c.json({ status: await queue.receiptStatus(receiptHash(code)) });
  }

  const body = await readBody(c, serverLimits.smallBodyBytes);
  if (!body.ok) return respondError(c, body.error === 'too-large' ? 'body.too-large' : 'body.invalid');
  const form = parseFormBody(type, body.bytes, { maxFields: statusFormFields });
  if (!form.ok) return respondError(c, form.error === 'too-many-fields' ? 'body.too-many-fields' : 'body.invalid');
  const first = (name: string) => form.fields[name]?.find((v): v is string => typeof v === 'string');
  const locale = pickLocale(first('lang'), c.req.query('lang'));
  const code = parseReceipt(first('receipt'));
  if (!code) return respondError(c, 'receipt.invalid', { locale });
  return c.html(statusPage(locale, code, await queue.receiptStatus(receiptHash(code))));
}
