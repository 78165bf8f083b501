// The status page's script, kept small: the form works as a plain post without it; with it, the code never leaves
// the page. The thread (thread-view.ts: key derivation, HPKE, the reply checks, the follow-up) is loaded when the
// form is first used, so the page itself carries almost no script. If that load fails, the page says so and sends
// nothing: a plain post would carry the code to the server, which the script promised not to do.
const root = document.querySelector<HTMLElement>('[data-status-root]');
const form = root?.querySelector<HTMLFormElement>('form.status-form');
const result = root?.querySelector<HTMLElement>('[data-status-result]');

if (root && form && result && typeof fetch === 'function' && globalThis.crypto?.subtle) {
  root.querySelector('[data-status-nojs]')?.setAttribute('hidden', '');
  let view: Promise<() => Promise<void>> | undefined;
  const load = () => (view ??= import('./thread-view.ts').then((m) => m.attach(root)));
  form.addEventListener('focusin', () => void load().catch(() => (view = undefined)), { once: true });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await (
        await load()
      )();
    } catch {
      view = undefined;
      let strings: Record<string, string> = {};
      try {
        strings = JSON.parse(root.dataset.statusStrings ?? '{}') as Record<string, string>;
      } catch {
        // the sentence below stays empty
      }
      result.dataset.status = 'error';
      result.textContent = strings['status.error.network'] ?? '';
    }
  });
}

export {};
