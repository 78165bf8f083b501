// Loaded on the first interaction with the report form (see src/components/TipForm/tip-form.ts): starts the
// encryption worker (which fetches OpenPGP.js) and solving the proof of work in the background, checks the chosen files against the limits as soon
// as they are chosen, and takes over sending.
import { checkAttachmentLimits } from '../shared/report/limits.ts';
import { tipLimits } from '../shared/tip-fields.ts';
import { chosenFiles } from './collect.ts';
import { formatMegabytes } from './megabytes.ts';
import { prepareProof } from './pow.ts';
import { prepareSeal } from './seal.ts';
import { readStrings, translate, type Strings } from './strings.ts';
import { submitTip } from './submit.ts';
import { createUi, type TipUi } from './ui.ts';

interface Enhanced {
  form: HTMLFormElement;
  ui: TipUi;
  strings: Strings;
  keys: string[];
  sending: boolean;
}

let state: Enhanced | undefined;

export function init(root: HTMLElement, form: HTMLFormElement): void {
  if (state) return;
  const strings = readStrings(root);
  let keys: string[] = [];
  try {
    keys = JSON.parse(root.dataset.tipKeys ?? '[]') as string[];
  } catch {
    // no keys: sending will fail with a clear message
  }
  state = { form, ui: createUi(root, form, strings), strings, keys, sending: false };
  prepareSeal(keys); // starts the worker that will encrypt, which loads OpenPGP.js and reads the keys now
  prepareProof();
  const input = form.querySelector<HTMLInputElement>('input[type="file"]');
  input?.addEventListener('change', checkFiles);
  if (input?.files?.length) checkFiles();
}

function checkFiles(): void {
  if (!state) return;
  const { form, ui, strings } = state;
  const lang = document.documentElement.lang || 'en';
  const files = chosenFiles(form);
  const total = files.reduce((n, f) => n + f.size, 0);
  const vars = {
    count: files.length,
    maxFiles: tipLimits.maxFiles,
    size: formatMegabytes(total, lang),
    maxSize: formatMegabytes(tipLimits.maxAttachmentBytes, lang),
  };
  const problem = checkAttachmentLimits(files.map((f) => f.size));
  if (problem) ui.filesMessage(translate(strings, `tip.error.${problem}`, vars), true);
  else ui.filesMessage(files.length ? translate(strings, 'tip.files.chosen', vars) : '', false);
}

export async function submit(): Promise<void> {
  if (!state || state.sending) return;
  state.sending = true;
  try {
    await submitTip(state);
  } finally {
    state.sending = false;
  }
}
