export {}; // a module: its names stay out of the global scope (window.status)

// Quick exit: a click on either link, or Shift pressed three times within 5 seconds, hides the page behind a
// full-page overlay announced to screen readers, then replaces this page in the history with the neutral site.
// location.replace (not href) so that Back from the neutral site does not return here.

const root = document.querySelector<HTMLElement>('[data-quick-exit-root]');
const links = document.querySelectorAll<HTMLAnchorElement>('a[data-quick-exit]');
const status = root?.querySelector<HTMLElement>('[data-quick-exit-status]');
const strings = JSON.parse(root?.dataset.i18n ?? '{}') as Record<string, string>;
const timeoutMs = 5000;
let presses = 0;
let timer: number | undefined;

function exitPage(href: string): void {
  document.documentElement.classList.add('quick-exit--active');
  const overlay = document.createElement('div');
  overlay.className = 'quick-exit__overlay';
  overlay.setAttribute('role', 'alert');
  document.body.append(overlay);
  // Text set after insertion so screen readers announce it.
  overlay.textContent = strings.loading ?? '';
  window.location.replace(href);
}

function resetPresses(announce: boolean): void {
  window.clearTimeout(timer);
  if (announce && presses > 0 && status) status.textContent = strings.expired ?? '';
  presses = 0;
  root?.setAttribute('data-presses', '0');
}

for (const link of links) {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    exitPage(link.href);
  });
}

let shiftUsedAsModifier = false;
document.addEventListener(
  'keydown',
  (event) => {
    if (event.key === 'Shift') {
      shiftUsedAsModifier = false;
      return;
    }
    // Shift+A and the like are typing, not a request to leave; any other key starts the count again.
    if (event.shiftKey) shiftUsedAsModifier = true;
    resetPresses(false);
  },
  true,
);
document.addEventListener(
  'keyup',
  (event) => {
    if (event.key === 'Shift' && !shiftUsedAsModifier) countPress();
  },
  true,
);

function countPress(): void {
  presses += 1;
  root?.setAttribute('data-presses', String(presses));
  window.clearTimeout(timer);
  if (presses >= 3) {
    presses = 0;
    const first = links[0];
    if (first) exitPage(first.href);
    return;
  }
  if (status) status.textContent = (presses === 1 ? strings.pressTwoMore : strings.pressOneMore) ?? '';
  timer = window.setTimeout(() => resetPresses(true), timeoutMs);
}

// Coming back through the back/forward cache: show the page again.
window.addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  document.documentElement.classList.remove('quick-exit--active');
  document.querySelector('.quick-exit__overlay')?.remove();
  resetPresses(false);
});
