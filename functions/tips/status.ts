// POST /api/status: what a reference code says about its report (waiting, delivered, undeliverable or unknown).
// Nothing else is linked to a code. JSON for the status page's script; a plain form post (JavaScript off) gets an
// HTML page.
import type { Context } from 'hono';
import { normalizeReceiptCode } from '../../src/shared/receipt.ts';
import { readBody, readJsonObject } from '../http/body.ts';
import { parseFormBody } from '../http/form-body.ts';
import { serverLimits } from '../http/limits.ts';
import type { TipQueue } from '../ports.ts';
import { receiptHash } from './context.ts';
import { errorCodes, type ErrorCode } from './errors.ts';
import { jsonError } from './intake-json.ts';
import { pickLocale, statusErrorPage, statusPage } from './responses.ts';

function normalize(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 64 ? normalizeReceiptCode(value) : null;
}

/** The status form has a code and a language; a few more fields are tolerated, not thousands. */
const statusFormFields = 8;

export async function handleStatus(c: Context, queue: TipQueue): Promise<Response> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/json')) {
    const body = await readJsonObject(c, serverLimits.smallBodyBytes);
    if (!body.ok) return jsonError(c, body.error === 'too-large' ? 'body.too-large' : 'body.invalid');
    const code = normalize(body.value.receipt);
    if (!code) return jsonError(c, 'receipt.invalid');
    return c.json({ status: await queue.receiptStatus(receiptHash(code)) });
  }

  const queryLocale = pickLocale(c.req.query('lang'));
  const page = (code: ErrorCode) => c.html(statusErrorPage(queryLocale, code), errorCodes[code].status);
  const body = await readBody(c, serverLimits.smallBodyBytes);
  if (!body.ok) return page(body.error === 'too-large' ? 'body.too-large' : 'body.invalid');
  const form = parseFormBody(type, body.bytes, { maxFields: statusFormFields });
  if (!form.ok) return page(form.error === 'too-many-fields' ? 'body.too-many-fields' : 'body.invalid');
  const first = (name: string) => form.fields[name]?.find((v): v is string => typeof v === 'string');
  const locale = pickLocale(first('lang'), c.req.query('lang'));
  const code = normalize(first('receipt'));
  if (!code) return c.html(statusErrorPage(locale, 'receipt.invalid'), errorCodes['receipt.invalid'].status);
  return c.html(statusPage(locale, code, await queue.receiptStatus(receiptHash(code))));
}
