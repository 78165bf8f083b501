// POST /api/status: what a reference code says about its report (waiting, delivered or unknown). Nothing else is
// linked to a code. JSON for the status page's script; a plain form post (JavaScript off) gets an HTML page.
import type { Context } from 'hono';
import { normalizeReceiptCode } from '../../src/shared/receipt.ts';
import type { TipQueue } from '../ports.ts';
import { receiptHash } from './context.ts';
import { errorCodes } from './errors.ts';
import { jsonError } from './intake-json.ts';
import { pickLocale, statusErrorPage, statusPage } from './responses.ts';

function normalize(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 64 ? normalizeReceiptCode(value) : null;
}

export async function handleStatus(c: Context, queue: TipQueue): Promise<Response> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/json')) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return jsonError(c, 'body.invalid');
    }
    if (typeof body !== 'object' || body === null) return jsonError(c, 'body.invalid');
    const code = normalize((body as Record<string, unknown>).receipt);
    if (!code) return jsonError(c, 'receipt.invalid');
    return c.json({ status: await queue.receiptStatus(receiptHash(code)) });
  }

  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch {
    return c.html(statusErrorPage(pickLocale(c.req.query('lang')), 'body.invalid'), errorCodes['body.invalid'].status);
  }
  const locale = pickLocale(typeof form.lang === 'string' ? form.lang : undefined, c.req.query('lang'));
  const code = normalize(form.receipt);
  if (!code) return c.html(statusErrorPage(locale, 'receipt.invalid'), errorCodes['receipt.invalid'].status);
  return c.html(statusPage(locale, code, await queue.receiptStatus(receiptHash(code))));
}
