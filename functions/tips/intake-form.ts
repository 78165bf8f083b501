// POST /api/tips as a plain form post (JavaScript off). The only path where the report arrives in plaintext:
// it is turned into the same MIME entity the browser builds (src/shared/tip-entity.ts) and encrypted in memory to
// the task force keys before anything is stored; the plaintext is never logged or written anywhere.
// The answers, the attachment limits and the photos are read, checked and cleaned by the rules the browser uses
// (src/shared/report/), so the report's "location and camera data were removed" line is as true here as on the
// JavaScript path.
// No proof of work here (it needs JavaScript), so the order is what bounds the work: the rate limit is decided from
// the address before a byte of the body is read; then the body is read under its cap and parsed with a cap on its
// fields (http/form-body.ts); an empty report is refused; only then are photos cleaned and the report encrypted.
// Once stored, the browser is sent on to the "sent" page (Post/Redirect/Get, sent-page.ts), so reloading that page
// shows the same code and sends nothing again.
import type { Context } from 'hono';
import * as openpgp from 'openpgp';
import { hourLabel } from '../../src/shared/hour.ts';
import { readAnswers } from '../../src/shared/report/answers.ts';
import { cleanAttachments } from '../../src/shared/report/attachments.ts';
import { checkAttachmentLimits } from '../../src/shared/report/limits.ts';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { buildTipEntity } from '../../src/shared/tip-entity.ts';
import { attachmentsField, honeypotField, isEmptyReport, localeField, tipLimits } from '../../src/shared/tip-fields.ts';
import { readBody } from '../http/body.ts';
import { parseFormBody, type FormFile, type FormValue } from '../http/form-body.ts';
import { serverLimits } from '../http/limits.ts';
import { rateLimit, refusal } from './admission.ts';
import { respondError } from './answer.ts';
import { armorMessage } from '../pgp/armor.ts';
import type { ErrorCode } from './errors.ts';
import type { IntakeDeps } from './intake-deps.ts';
import { pickLocale } from './responses.ts';
import { sentPageLocation } from './sent-page.ts';
import { codeLookupHash, storeTip } from './store.ts';

const texts = (values: readonly FormValue[]): string[] => values.filter((v): v is string => typeof v === 'string');
const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));

export async function handleFormTip(c: Context, deps: IntakeDeps): Promise<Response> {
  // The form's action carries the language (?lang=es), so even a refusal before the body is read is in it.
  let locale = pickLocale(c.req.query('lang'));
  const formError = (code: ErrorCode) => respondError(c, code, { locale });
  const admitted = await rateLimit(c, deps);
  if (!admitted.ok) return refusal(c, admitted, locale);

  const body = await readBody(c, tipLimits.maxRequestBytes);
  if (!body.ok) return formError(body.error === 'too-large' ? 'body.too-large' : 'body.invalid');
  try {
    const parsed = parseFormBody(c.req.header('content-type') ?? '', body.bytes, {
      maxFields: serverLimits.formFields,
      // No answer of at most maxTextChars characters takes more bytes than this, even percent-encoded.
      maxTextBytes: 9 * tipLimits.maxTextChars,
    });
    if (!parsed.ok) {
      const code = (
        {
          'too-many-fields': 'body.too-many-fields',
          'text-too-long': 'text.too-long',
          invalid: 'body.invalid',
        } as const
      )[parsed.error];
      return formError(code);
    }
    const form = parsed.fields;
    const values = (name: string): FormValue[] => form[name] ?? [];
    locale = pickLocale(texts(values(localeField))[0], c.req.query('lang'));

    // Every copy of the trap field must be empty (a bot that fills one of two copies is caught too).
    if (texts(values(honeypotField)).some((v) => v.trim() !== '')) return formError('honeypot');

    const read = readAnswers(values);
    if (!read.ok) return formError(read.code);
    const answers = read.answers;

    // An empty file input still sends a part with no name and no bytes: that is "no attachment".
    const files = values(attachmentsField).filter((v): v is FormFile => typeof v !== 'string' && v.bytes.length > 0);
    if (isEmptyReport(answers, files.length)) return formError('report.empty');
    const limit = checkAttachmentLimits(files.map((f) => f.bytes.length));
    if (limit) return formError(limit);
    const cleaned = cleanAttachments(
      files.map((f) => ({ name: f.filename, type: f.type, bytes: f.bytes })),
      answers.keepPhotoLocation === true,
    );
    if (!cleaned.ok) return formError('attachments.unreadable');
    const attachments = cleaned.attachments;

    const now = deps.clock.now();
    const receipt = newReceiptCode(randomBytes);
    // No reply key: the server has the code here, and could derive the tipster's key itself; so this path offers
    // the status only (the status page says why replies need JavaScript).
    const entity = buildTipEntity({
      answers,
      attachments,
      replyKey: null,
      locale,
      sentHour: hourLabel(now),
      randomBytes,
    });
    const encrypted = await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: entity }),
      encryptionKeys: deps.keys.keys,
      format: 'binary',
    });
    // Stored in the same armor as a browser's tip, checksum included (GnuPG needs it).
    const armored = armorMessage(Buffer.from(encrypted).toString('base64'), encrypted);
    entity.fill(0);
    for (const a of attachments) a.bytes.fill(0);

    await storeTip(deps, armored, await codeLookupHash(receipt));
    return c.redirect(sentPageLocation(deps.sentPageKey, locale, receipt, now), 303);
  } finally {
    // Drop the plaintext bytes we own (the request body, files included) as soon as we are done with them;
    // strings cannot be wiped, these can.
    body.bytes.fill(0);
  }
}
