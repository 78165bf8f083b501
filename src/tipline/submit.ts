// The whole send, in order: check the limits, then (in a worker: seal.ts) clean the photos, build the padded
// report with a new reference code and encrypt it to every task force key; prove the work, post only the
// ciphertext (in one request, or in parts when it is too large for one: upload.ts), clear the form and show the
// receipt. Nothing is written to any storage, and any failure says
// plainly that nothing was sent.
import { hourLabel } from '../shared/hour.ts';
import { readAnswers } from '../shared/report/answers.ts';
import { checkAttachmentLimits } from '../shared/report/limits.ts';
import { isEmptyReport, localeField } from '../shared/tip-fields.ts';
import { chosenFiles } from './collect.ts';
import { TipError } from './errors.ts';
import { fetchJson, xhrBinary } from './post.ts';
import { prepareProof, takeProof } from './pow.ts';
import { prepareSeal, seal } from './seal.ts';
import { translate, type Strings } from './strings.ts';
import type { TipUi } from './ui.ts';
import { needsParts, sendInParts, sendWhole, type UploadDeps } from './upload.ts';

export interface SubmitContext {
  form: HTMLFormElement;
  ui: TipUi;
  strings: Strings;
  keys: string[];
}

export async function submitTip(ctx: SubmitContext): Promise<void> {
  const { form, ui, strings } = ctx;
  const say = (key: string, vars?: Record<string, string | number>) => ui.progress(translate(strings, key, vars));
  ui.clearMessages();
  ui.busy(true);
  try {
    const files = chosenFiles(form);
    const limit = checkAttachmentLimits(files.map((f) => f.size));
    if (limit) throw new TipError(limit);
    const data = new FormData(form);
    const read = readAnswers((name) => data.getAll(name));
    if (!read.ok) throw new TipError(read.code);
    const answers = read.answers;
    if (isEmptyReport(answers, files.length)) throw new TipError('report.empty');
    prepareProof();
    say('tip.progress.cleaning');
    const { ciphertext, receipt, lookupHash, lookup } = await seal(
      {
        answers,
        files,
        keys: ctx.keys,
        locale: (form.elements.namedItem(localeField) as HTMLInputElement | null)?.value || 'en',
        sentHour: hourLabel(Date.now()), // the hour only: all the report says about when it was written
      },
      say,
    );
    await send(ciphertext, { lookupHash, lookup }, say, ui);
    form.reset();
    form.dispatchEvent(new Event('change')); // lets the page script hide the follow-ups again
    ui.showReceipt(receipt);
  } catch (error) {
    const e = error instanceof TipError ? error : new TipError('unknown');
    ui.fail(`${translate(strings, `tip.error.${e.code}`, e.vars)} ${translate(strings, 'tip.notSent')}`);
  } finally {
    prepareSeal(ctx.keys); // a fresh worker for the next report (this one was ended with its plaintext)
    ui.busy(false);
  }
}

type Say = (key: string, vars?: Record<string, string | number>) => void;

/**
 * Posts the ciphertext, in one request or in parts; a refused proof of work (it expired while the tipster was
 * writing) is retried once with a fresh one.
 */
/** The thread a report starts: its lookup hash (sent with it) and lookup token (to ask about it). Never the code. */
interface Thread {
  lookupHash: string;
  lookup: string;
}

async function send(ciphertext: Uint8Array, thread: Thread, say: Say, ui: TipUi): Promise<void> {
  const deps: UploadDeps = { json: fetchJson, binary: xhrBinary, say, progress: (p) => ui.transfer(p) };
  for (let attempt = 0; ; attempt++) {
    say('tip.progress.checking');
    let altcha: string;
    try {
      altcha = await takeProof();
    } catch {
      throw new TipError('pow.failed');
    }
    try {
      if (needsParts(ciphertext)) await sendInParts(ciphertext, thread.lookupHash, altcha, deps);
      else await sendWhole(ciphertext, thread.lookupHash, altcha, deps);
      return;
    } catch (error) {
      const code = (error as TipError).code;
      if ((code === 'pow.invalid' || code === 'pow.replayed') && attempt === 0) continue;
      // The answer can be lost after the server queued the report (a dropped connection): before saying nothing
      // was sent, ask what the thread says.
      if ((code === 'network' || code === 'server') && (await arrivedAnyway(thread.lookup))) return;
      throw error;
    }
  }
}

async function arrivedAnyway(lookup: string): Promise<boolean> {
  try {
    const response = await fetchJson('POST', '/api/thread', { lookup });
    if (!response.ok) return false;
    const { status } = (await response.json()) as { status?: unknown };
    return typeof status === 'string' && status !== 'unknown' && status !== 'undeliverable';
  } catch {
    return false;
  }
}
