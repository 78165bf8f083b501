// The whole send, in order: check the limits, then (in a worker: seal.ts) clean the photos, build the padded
// report with a new reference code and encrypt it to every task force key; prove the work, post only the
// ciphertext, clear the form and show the receipt. Nothing is written to any storage, and any failure says
// plainly that nothing was sent.
import { localeField } from '../shared/tip-fields.ts';
import { chosenFiles, readAnswers } from './collect.ts';
import { TipError } from './errors.ts';
import { checkAttachmentLimits } from './limits.ts';
import { prepareProof, takeProof } from './pow.ts';
import { prepareSeal, seal } from './seal.ts';
import { translate, type Strings } from './strings.ts';
import type { TipUi } from './ui.ts';

export interface SubmitContext {
  form: HTMLFormElement;
  ui: TipUi;
  strings: Strings;
  keys: string[];
}

/** The hour the report is sent, in UTC: all the report says about when it was written. */
function currentHour(): string {
  return `${new Date().toISOString().slice(0, 13)}:00Z`;
}

export async function submitTip(ctx: SubmitContext): Promise<void> {
  const { form, ui, strings } = ctx;
  const say = (key: string) => ui.progress(translate(strings, key));
  ui.clearMessages();
  ui.busy(true);
  try {
    const files = chosenFiles(form);
    const limit = checkAttachmentLimits(files.map((f) => f.size));
    if (limit) throw new TipError(limit);
    prepareProof();
    say('tip.progress.cleaning');
    const { ciphertext, receipt } = await seal(
      {
        answers: readAnswers(form),
        files,
        keys: ctx.keys,
        locale: (form.elements.namedItem(localeField) as HTMLInputElement | null)?.value || 'en',
        sentHour: currentHour(),
      },
      say,
    );
    await send(ciphertext, receipt, say);
    form.reset();
    form.dispatchEvent(new Event('change')); // lets the page script hide the follow-ups again
    ui.showReceipt(receipt);
  } catch (error) {
    const e = error instanceof TipError ? error : new TipError('unknown');
    ui.fail(`${translate(strings, `tip.error.${e.code}`, e.vars)} ${translate(strings, 'tip.notSent')}`);
  } finally {
    prepareSeal(); // a fresh worker for the next report (this one was ended with its plaintext)
    ui.busy(false);
  }
}

/** Posts the ciphertext; a refused proof of work (it expired while the tipster was writing) is retried once. */
async function send(ciphertext: string, receipt: string, say: (key: string) => void): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    say('tip.progress.checking');
    let altcha: string;
    try {
      altcha = await takeProof();
    } catch {
      throw new TipError('pow.failed');
    }
    say('tip.progress.sending');
    let response: Response;
    try {
      response = await fetch('/api/tips', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ ciphertext, receipt, altcha }),
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      throw new TipError('network');
    }
    if (response.ok) return;
    const code = await errorCode(response);
    if ((code === 'pow.invalid' || code === 'pow.replayed') && attempt === 0) continue;
    throw new TipError(code);
  }
}

async function errorCode(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    if (typeof body.error?.code === 'string' && /^[a-z-]+\.[a-z-]+$/.test(body.error.code)) return body.error.code;
  } catch {
    // not JSON: fall through to the status
  }
  if (response.status === 413) return 'body.too-large';
  if (response.status === 429) return 'rate.limited';
  return 'unknown';
}
