// The emergency bar's markup as a plain function, so the Astro layout and the pages the tip line functions render
// without Astro (functions/tips/responses.ts) can show the very same bar. Its style is in public/site.css
// (.emergency-bar), which both load. The phone icon is passed in: the layout inlines Lucide's at build, while the
// functions (which may run where node_modules is not on disk, as on Netlify and Vercel) show the bar without it.

export interface EmergencyBarNumber {
  number: string;
  tel: string;
}

export interface EmergencyBarStrings {
  /** The landmark's name, e.g. "Emergency numbers". */
  region: string;
  /** The bar's lead, e.g. "In danger now?". */
  label: string;
  /** Said before the emergency number, e.g. "Call". */
  call: string;
  /** What the hotline is, e.g. "Crime hotline". */
  hotline: string;
  /** Heard by screen readers after the hotline, e.g. "confidential, no name needed". */
  hotlineMore: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function emergencyBarHtml(
  strings: EmergencyBarStrings,
  numbers: { emergency: EmergencyBarNumber; hotline?: EmergencyBarNumber | undefined },
  phone = '',
): string {
  const s = Object.fromEntries(
    Object.entries(strings).map(([k, v]) => [k, escapeHtml(v)]),
  ) as unknown as EmergencyBarStrings;
  const { emergency, hotline } = numbers;
  return [
    `<aside class="emergency-bar" aria-label="${s.region}" data-pagefind-ignore="all">`,
    '<p class="emergency-bar__inner">',
    `<span class="emergency-bar__label">${s.label}</span>`,
    `<a class="emergency-bar__call emergency-bar__call--urgent" href="tel:${escapeHtml(emergency.tel)}">${phone}`,
    `<span class="emergency-bar__text"><span class="emergency-bar__what">${s.call}</span> <strong>${escapeHtml(emergency.number)}</strong></span></a>`,
    hotline
      ? `<a class="emergency-bar__call" href="tel:${escapeHtml(hotline.tel)}">${phone}<span class="emergency-bar__text">` +
        `<span class="emergency-bar__what">${s.hotline}<span class="visually-hidden">: ${s.hotlineMore}</span></span> ` +
        `<strong>${escapeHtml(hotline.number)}</strong></span></a>`
      : '',
    '</p>',
    '</aside>',
  ].join('');
}
