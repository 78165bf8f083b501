// The no-JavaScript "sent" page, reached by Post/Redirect/Get, so that reloading it never sends the report again.
//
// The form post stores the tip and answers 303 See Other to GET /api/tips/sent?lang=…&t=TOKEN. The browser's history
// then holds that GET, not the POST: a reload, a phone waking a tab it put to sleep, or Back then Forward shows the
// same page with the same code and posts nothing. TOKEN is the reference code and an expiry, sealed with AES-256-GCM
// under a key derived from ALTCHA_HMAC_SECRET (the same on every instance, so any instance can show the page).
//
// Why not a code derived from the report (an HMAC of its content), which makes a repeated post idempotent with no
// code in any address: the server keeps each code's hash for months, so whoever held the server's secret and its
// storage could test guesses of a report against those hashes (the choice questions alone have a few million
// combinations) and learn what a no-JS report said without the task force's key. A random code leaves nothing to test.
// Why an expiry: the address stays in the browser history, and a phone someone picks up the next day must not show
// the code. An hour covers a reload and a sleeping tab; after it, or for a token that does not open, the page says
// it has expired and shows no code. A report posted twice on purpose (Back to the form, Send again) is two reports.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { Context } from 'hono';
import { normalizeReceiptCode } from '../../src/shared/receipt.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import { pickLocale, sentExpiredPage, sentPage } from './responses.ts';

/** How long the "sent" page's address shows the reference code. */
export const sentPageLifetimeMs = 3_600_000;

export function sentPageKey(secret: string): KeyObject {
  return createSecretKey(createHmac('sha256', secret).update('tipline no-JavaScript sent page').digest());
}

const ivBytes = 12;
const tagBytes = 16;
/** Expiry (Unix seconds, 4 bytes) and the code's 20 characters without dashes. */
const payloadBytes = 4 + 20;
const tokenChars = Math.ceil(((ivBytes + payloadBytes + tagBytes) * 4) / 3);

function sealToken(key: KeyObject, normalizedCode: string, now: number): string {
  const payload = Buffer.alloc(payloadBytes);
  payload.writeUInt32BE(Math.floor((now + sentPageLifetimeMs) / 1000), 0);
  payload.write(normalizedCode.replace(/-/g, ''), 4, 'ascii');
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([iv, cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
  return sealed.toString('base64url');
}

/** The reference code a token carries, or null when it is malformed, forged or expired. */
function openSentToken(key: KeyObject, token: string | undefined, now: number): string | null {
  // Length first: nothing longer than a real token is decoded.
  if (token === undefined || token.length !== tokenChars) return null;
  const sealed = Buffer.from(token, 'base64url');
  if (sealed.toString('base64url') !== token) return null; // a character outside the alphabet
  let payload: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, ivBytes));
    decipher.setAuthTag(sealed.subarray(ivBytes + payloadBytes));
    payload = Buffer.concat([decipher.update(sealed.subarray(ivBytes, ivBytes + payloadBytes)), decipher.final()]);
  } catch {
    return null; // not sealed with our key
  }
  if (payload.readUInt32BE(0) * 1000 <= now) return null;
  return normalizeReceiptCode(payload.toString('ascii', 4));
}

/** Where the form post sends the browser once the report is stored. */
export function sentPageLocation(key: KeyObject, locale: Locale, normalizedCode: string, now: number): string {
  return `/api/tips/sent?lang=${locale}&t=${sealToken(key, normalizedCode, now)}`;
}

/** GET /api/tips/sent: the code again while the address is fresh; otherwise a page that says it has expired. */
export function handleSentPage(c: Context, key: KeyObject, now: number): Response {
  const locale = pickLocale(c.req.query('lang'));
  const code = openSentToken(key, c.req.query('t'), now);
  return code ? c.html(sentPage(locale, code), 200) : c.html(sentExpiredPage(locale), 410);
}
