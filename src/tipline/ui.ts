// What the tipster sees while the report is prepared and sent: each step in a polite live region; while sending, a
// bar and "1.2 MB of 3.4 MB sent (part 2 of 5)" (not live: a screen reader would read every change), with a plain
// note to keep the page open; a failure in an alert that takes focus; the receipt. The elements are rendered (and
// localized) by TipForm.astro.
import { formatMegabytes } from './megabytes.ts';
import { translate, type Strings } from './strings.ts';
import type { TransferProgress } from './upload.ts';

export interface TipUi {
  progress(message: string): void;
  /** Bytes of the ciphertext sent so far. */
  transfer(progress: TransferProgress): void;
  fail(message: string): void;
  clearMessages(): void;
  busy(on: boolean): void;
  showReceipt(code: string): void;
  filesMessage(message: string, isError: boolean): void;
}

export function createUi(root: HTMLElement, form: HTMLFormElement, strings: Strings): TipUi {
  const q = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector);
  const progress = q('[data-tip-progress]');
  const alert = q('[data-tip-alert]');
  const submit = q<HTMLButtonElement>('[data-tip-submit]');
  const receipt = q('[data-tip-receipt]');
  const filesError = q('[data-tip-files-error]');
  const filesSummary = q('[data-tip-files-summary]');
  const fileInput = form.querySelector<HTMLInputElement>('input[type="file"]');
  const sending = q('[data-tip-sending]');
  const bar = q<HTMLProgressElement>('[data-tip-transfer-bar]');
  const transferText = q('[data-tip-transfer-text]');
  const lang = document.documentElement.lang || 'en';

  const ui: TipUi = {
    progress(message) {
      if (progress) progress.textContent = message;
    },
    transfer({ sent, total, part, parts }) {
      if (bar) {
        bar.hidden = false;
        bar.max = total;
        bar.value = sent;
      }
      if (!transferText) return;
      const bytes = translate(strings, 'tip.progress.bytes', {
        sent: formatMegabytes(sent, lang),
        total: formatMegabytes(total, lang),
      });
      transferText.textContent =
        parts > 1 ? `${bytes} ${translate(strings, 'tip.progress.ofParts', { part, parts })}` : bytes;
    },
    fail(message) {
      if (progress) progress.textContent = '';
      if (!alert) return;
      alert.hidden = false;
      const text = alert.querySelector('[data-tip-alert-text]') ?? alert;
      text.textContent = message;
      alert.focus();
    },
    clearMessages() {
      if (progress) progress.textContent = '';
      if (alert) alert.hidden = true;
    },
    busy(on) {
      if (sending) sending.hidden = !on;
      if (!on && bar) bar.hidden = true;
      if (!on && transferText) transferText.textContent = '';
      if (!submit) return;
      submit.disabled = on;
      form.setAttribute('aria-busy', String(on));
    },
    showReceipt(code) {
      if (!receipt) return;
      const groups = code.split('-');
      const visual = receipt.querySelector('[data-tip-receipt-code]');
      const spoken = receipt.querySelector('[data-tip-receipt-spoken]');
      if (visual) visual.textContent = groups.join(' ');
      // Read aloud one character at a time, with a pause between groups.
      if (spoken) spoken.textContent = groups.map((g) => g.split('').join(' ')).join(', ');
      ui.clearMessages();
      form.hidden = true;
      receipt.hidden = false;
      receipt.querySelector<HTMLElement>('[data-tip-receipt-heading]')?.focus();
    },
    filesMessage(message, isError) {
      if (filesError) {
        filesError.hidden = !isError;
        filesError.textContent = isError ? message : '';
      }
      if (filesSummary) filesSummary.textContent = isError ? '' : message;
      fileInput?.setAttribute('aria-invalid', String(isError));
      // Errors are also said in the live region, since the list of files changed without a page load.
      if (isError && progress) progress.textContent = message;
    },
  };

  q('[data-tip-another]')?.addEventListener('click', () => {
    if (!receipt) return;
    receipt.hidden = true;
    for (const el of receipt.querySelectorAll('[data-tip-receipt-code], [data-tip-receipt-spoken]'))
      el.textContent = '';
    form.hidden = false;
    form.querySelector<HTMLElement>('input, textarea')?.focus();
  });
  return ui;
}
