// One way for the intake routes to read a JSON body and a reference code, and to answer with an error: JSON for the
// browser's script, the localized page (pages in responses.ts) for a plain form post, chosen once here.
//
// Why not hono/validator for the JSON: it reads the body with c.req.json(), whole and without a cap; here the body
// is read only by its route, under that route's cap (http/body.ts), and a broken body is a 400 in our error shape.
import type { Context } from 'hono';
import { normalizeReceiptCode } from '../../src/shared/receipt.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import { readJsonObject } from '../http/body.ts';
import { errorBody, errorCodes, type ErrorCode } from './errors.ts';
import { pickLocale, statusErrorPage, tipErrorPage } from './responses.ts';
import type { TipThread } from './store.ts';

/** The API's error answer, for routes that speak JSON only. */
export function jsonError(c: Context, code: ErrorCode): Response {
  return c.json(errorBody(code), errorCodes[code].status);
}

/** A plain form post (JavaScript off): answered with a page, not JSON. */
export function isFormPost(c: Context): boolean {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  return type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded');
}

export interface PageOptions {
  /** The page's language (default: the form's ?lang=). */
  locale?: Locale | undefined;
  /** Values for the page's sentence, e.g. the minutes to wait. */
  values?: Record<string, string | number>;
}

/** JSON for scripts, a localized page for plain form posts (the status check's own page on /api/status). */
export function respondError(c: Context, code: ErrorCode, options: PageOptions = {}): Response {
  if (!isFormPost(c)) return jsonError(c, code);
  const locale = options.locale ?? pickLocale(c.req.query('lang'));
  const page =
    c.req.path === '/api/status' ? statusErrorPage(locale, code) : tipErrorPage(locale, code, options.values);
  return c.html(page, errorCodes[code].status);
}

/** A JSON object body under the route's cap, or the error answer (a body that is not a JSON object is 400). */
export async function readJsonBody(c: Context, maxBytes: number): Promise<Record<string, unknown> | Response> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json'))
    return jsonError(c, 'body.invalid');
  const body = await readJsonObject(c, maxBytes);
  if (!body.ok) return jsonError(c, body.error === 'too-large' ? 'body.too-large' : 'body.invalid');
  return body.value;
}

/**
 * A lookup hash as the browser sends it (64 lower-case hex characters: the SHA-256 of its lookup token), or null.
 * The length is checked first, then each character: nothing long is read, and there is no pattern to backtrack.
 */
export function parseLookupHash(value: unknown): string | null {
  if (typeof value !== 'string' || value.length !== 64) return null;
  for (let i = 0; i < 64; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return null;
  }
  return value;
}

/**
 * Whose thread a browser's tip starts: `lookupHash` (today's pages), or `receipt`, the code itself, which pages from
 * before follow-up existed send (a tipster may have one open while the site is updated: their report is taken, and
 * the code is used only to derive the same hash). Null when neither is valid.
 */
export function parseTipThread(lookup: unknown, receipt: unknown): TipThread | null {
  if (lookup !== undefined) {
    const hash = parseLookupHash(lookup);
    return hash ? { lookupHash: hash } : null;
  }
  const code = parseReceipt(receipt);
  return code ? { receipt: code } : null;
}

/** A reference code as the client sent it, normalized, or null when it is not one (anything long is not read). */
export function parseReceipt(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 64 ? normalizeReceiptCode(value) : null;
}
