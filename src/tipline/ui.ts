// What the tipster sees while the report is prepared and sent: progress in a polite live region, a failure in
// an alert that takes focus, and the receipt. The elements are rendered (and localized) by TipForm.astro.

export interface TipUi {
  progress(message: string): void;
  fail(message: string): void;
  clearMessages(): void;
  busy(on: boolean): void;
  showReceipt(code: string): void;
  filesMessage(message: string, isError: boolean): void;
}

export function createUi(root: HTMLElement, form: HTMLFormElement): TipUi {
  const q = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector);
  const progress = q('[data-tip-progress]');
  const alert = q('[data-tip-alert]');
  const submit = q<HTMLButtonElement>('[data-tip-submit]');
  const receipt = q('[data-tip-receipt]');
  const filesError = q('[data-tip-files-error]');
  const filesSummary = q('[data-tip-files-summary]');
  const fileInput = form.querySelector<HTMLInputElement>('input[type="file"]');

  const ui: TipUi = {
    progress(message) {
      if (progress) progress.textContent = message;
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
