// POST /api/tips as a plain form post (JavaScript off). The only path where the report arrives in plaintext:
// it is turned into the same MIME entity the browser builds (src/shared/tip-entity.ts) and encrypted in memory to
// the task force keys before anything is stored; the plaintext is never logged or written anywhere.
// Photos lose their hidden data here, in memory, with the browser's own cleaner (src/tipline/strip-metadata.ts),
// so the report's "location and camera data were removed" line is as true here as on the JavaScript path.
// No proof of work here (it needs JavaScript): the honeypot field and the rate limit stand in for it.
import type { Context } from 'hono';
import * as openpgp from 'openpgp';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { buildTipEntity, type TipAttachment } from '../../src/shared/tip-entity.ts';
import {
  attachmentsField,
  choiceFields,
  honeypotField,
  keepLocationField,
  localeField,
  textFields,
  tipLimits,
  type TipAnswers,
} from '../../src/shared/tip-fields.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import { MetadataError, stripImageMetadata } from '../../src/tipline/strip-metadata.ts';
import { rateLimit, storeTip, type IntakeDeps } from './context.ts';
import { armorMessage } from './envelope.ts';
import { errorCodes, type ErrorCode } from './errors.ts';
import { pickLocale, sentPage, tipErrorPage } from './responses.ts';

type FormValue = string | File;
type FormBody = Record<string, FormValue | FormValue[]>;

export function formError(c: Context, locale: Locale, code: ErrorCode, values: Record<string, string | number> = {}): Response {
  return c.html(tipErrorPage(locale, code, values), errorCodes[code].status);
}

const all = (value: FormValue | FormValue[] | undefined): FormValue[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const firstText = (value: FormValue | FormValue[] | undefined): string | undefined =>
  all(value).find((v): v is string => typeof v === 'string');

const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));

export async function handleFormTip(c: Context, deps: IntakeDeps): Promise<Response> {
  let form: FormBody;
  try {
    form = (await c.req.parseBody({ all: true })) as FormBody;
  } catch {
    return formError(c, pickLocale(c.req.query('lang')), 'body.invalid');
  }
  const locale = pickLocale(firstText(form[localeField]), c.req.query('lang'));

  if ((firstText(form[honeypotField]) ?? '').trim() !== '') return formError(c, locale, 'honeypot');

  const rate = await rateLimit(c, deps);
  if (!rate.allowed) {
    c.header('Retry-After', String(rate.retryAfter));
    return formError(c, locale, 'rate.limited', { minutes: Math.max(1, Math.ceil(rate.retryAfter / 60)) });
  }

  const answers: TipAnswers = { text: {}, choices: {}, keepPhotoLocation: firstText(form[keepLocationField]) !== undefined };
  for (const field of textFields) {
    const value = firstText(form[field.name]);
    if (value === undefined) continue;
    if (value.length > tipLimits.maxTextChars) return formError(c, locale, 'text.too-long');
    answers.text[field.name] = value;
  }
  for (const field of choiceFields) {
    const options = field.options as Record<string, string>;
    const chosen = [...new Set(all(form[field.name]).filter((v): v is string => typeof v === 'string' && Object.hasOwn(options, v)))];
    if (chosen.length > 0) answers.choices[field.name] = field.multiple ? chosen : chosen.slice(0, 1);
  }

  // An empty file input still sends a part with no name and no bytes: that is "no attachment".
  const files = all(form[attachmentsField]).filter((v): v is File => typeof v !== 'string' && v.size > 0);
  if (files.length > tipLimits.maxFiles) return formError(c, locale, 'attachments.too-many');
  // The limit counts the files after cleaning, as in the browser; the body limit already bounds the originals.
  const attachments: TipAttachment[] = [];
  for (const file of files) {
    const contentType = safeContentType(file.type);
    const original = new Uint8Array(await file.arrayBuffer());
    let bytes: Uint8Array;
    try {
      bytes = stripImageMetadata(original, contentType, { keepLocation: answers.keepPhotoLocation === true });
    } catch (error) {
      if (error instanceof MetadataError) return formError(c, locale, 'attachments.unreadable');
      throw error;
    }
    if (bytes !== original) original.fill(0);
    attachments.push({ filename: file.name || 'attachment', contentType, bytes });
  }
  if (attachments.reduce((sum, a) => sum + a.bytes.length, 0) > tipLimits.maxAttachmentBytes) {
    return formError(c, locale, 'attachments.too-large');
  }

  const receipt = newReceiptCode(randomBytes);
  const entity = buildTipEntity({ answers, attachments, receipt, locale, sentHour: sentHour(deps.clock.now()), randomBytes });
  const encrypted = await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: entity }),
    encryptionKeys: deps.keys.keys,
    format: 'binary',
  });
  // Stored in the same armor as a browser's tip, checksum included (GnuPG needs it).
  const armored = armorMessage(Buffer.from(encrypted).toString('base64'), encrypted);
  // Drop the plaintext copies we own as soon as the ciphertext exists (strings cannot be wiped; these can).
  entity.fill(0);
  for (const a of attachments) a.bytes.fill(0);

  await storeTip(deps, armored, receipt);
  return c.html(sentPage(locale, receipt), 200);
}

/** "2031-01-15T10:00Z": the hour only, like every time the tip line keeps. */
function sentHour(now: number): string {
  return `${new Date(Math.floor(now / 3_600_000) * 3_600_000).toISOString().slice(0, 13)}:00Z`;
}

/** The MIME type goes into the entity's headers: only a plain type/subtype, nothing that could break a header. */
function safeContentType(type: string): string {
  const bare = type.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/.test(bare) ? bare : 'application/octet-stream';
}
