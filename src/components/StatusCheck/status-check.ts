// In-place status check: the code is normalized (lower case, spaces, O for 0 are fine), posted as JSON to
// /api/status, and the answer is read out in a live region. Without JavaScript the form posts normally.
import { normalizeReceiptCode } from '../../shared/receipt.ts';

const root = document.querySelector<HTMLElement>('[data-status-root]');
const form = root?.querySelector('form');
const input = form?.querySelector<HTMLInputElement>('input[name="receipt"]');
const result = root?.querySelector<HTMLElement>('[data-status-result]');
const error = root?.querySelector<HTMLElement>('[data-status-error]');
let strings: Record<string, string> = {};
try {
  strings = JSON.parse(root?.dataset.statusStrings ?? '{}') as Record<string, string>;
} catch {
  // keep the plain form
}

function show(kind: string, key: string): void {
  if (!result) return;
  result.dataset.status = kind;
  result.textContent = strings[key] ?? strings['status.error.unknown'] ?? '';
}

function fieldError(message: string | null): void {
  if (!error || !input) return;
  error.hidden = message === null;
  error.textContent = message ?? '';
  input.setAttribute('aria-invalid', String(message !== null));
  if (message !== null) input.focus();
}

if (form && input && result && typeof fetch === 'function') {
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const receipt = normalizeReceiptCode(input.value);
    if (!receipt) {
      result.textContent = '';
      delete result.dataset.status;
      fieldError(strings['status.error.invalid'] ?? '');
      return;
    }
    fieldError(null);
    busy = true;
    result.dataset.status = 'checking';
    result.textContent = strings['status.checking'] ?? '';
    try {
      const response = await fetch('/api/status', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ receipt }),
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
      const body = (await response.json().catch(() => null)) as { status?: unknown } | null;
      const status = body?.status;
      if (
        response.ok &&
        (status === 'waiting' || status === 'delivered' || status === 'undeliverable' || status === 'unknown')
      ) {
        show(status, `status.result.${status}`);
      } else if (response.status === 429) {
        show('error', 'status.error.rate');
      } else if (response.status === 400) {
        show('error', 'status.error.invalid');
      } else {
        show('error', 'status.error.unknown');
      }
    } catch {
      show('error', 'status.error.network');
    } finally {
      busy = false;
    }
  });
}
