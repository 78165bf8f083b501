// The report page's only eager script, kept tiny. It shows the follow-ups that depend on an answer (emergency
// numbers after "anyone in danger: yes", help after "this is happening to me", contact details after "yes,
// contact me"), which plain HTML shows all the time. Then, on the first interaction with the form, it loads
// the rest (src/tipline/enhance.ts: OpenPGP.js, the proof-of-work solver) and hands sending over to it.
// A browser that cannot encrypt (no WebCrypto outside a secure context, no streams or workers) keeps the plain form and
// its notice that the server will encrypt the report.

type Enhance = typeof import('../../tipline/enhance.ts');
export {}; // a module, not a global script: its names stay its own

const root = document.querySelector<HTMLElement>('[data-tip-root]');
const form = root?.querySelector('form');

function canEncrypt(): boolean {
  return (
    window.isSecureContext &&
    typeof crypto !== 'undefined' &&
    !!crypto.subtle &&
    typeof ReadableStream === 'function' &&
    typeof Worker === 'function' &&
    typeof TextEncoder === 'function' &&
    typeof fetch === 'function'
  );
}

function updateReveals(f: HTMLFormElement): void {
  for (const el of f.querySelectorAll<HTMLElement>('[data-reveal-when]')) {
    const [name, values = ''] = (el.dataset.revealWhen ?? '').split('=');
    const on = values.split(',').some((v) => f.querySelector(`input[name="${name}"][value="${v}"]:checked`));
    el.hidden = !on;
    // Hidden follow-up questions are disabled, so their answers are not sent.
    for (const input of el.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))
      input.disabled = !on;
    if (el.dataset.revealAlert !== undefined) {
      if (on) el.setAttribute('role', 'alert');
      else el.removeAttribute('role');
    }
  }
}

if (root && form && canEncrypt()) {
  for (const el of root.querySelectorAll<HTMLElement>('[data-tip-nojs]')) el.hidden = true;
  updateReveals(form);
  form.addEventListener('change', () => updateReveals(form));

  let loading: Promise<Enhance> | undefined;
  const load = () => {
    loading ??= import('../../tipline/enhance.ts').then((m) => {
      m.init(root, form);
      return m;
    });
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
  for (const type of ['focusin', 'pointerdown', 'input']) {
    form.addEventListener(type, () => void load().catch(() => {}), { once: true, passive: true });
  }
  form.addEventListener('submit', (event) => {
    // Never fall back to the plain post here: the tipster was not told the server would see the report.
    event.preventDefault();
    load().then(
      (m) => m.submit(),
      () => {
        const alert = root.querySelector<HTMLElement>('[data-tip-alert]');
        const strings = JSON.parse(root.dataset.tipStrings ?? '{}') as Record<string, string>;
        if (!alert) return;
        alert.hidden = false;
        const text = alert.querySelector('[data-tip-alert-text]') ?? alert;
        text.textContent = `${strings['tip.error.crypto.load'] ?? ''} ${strings['tip.notSent'] ?? ''}`;
        alert.focus();
      },
    );
  });
}
