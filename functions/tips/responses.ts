// The small HTML pages the no-JavaScript form and status check get back: localized by the site's own translation
// system (src/i18n/system.ts, loaded from disk: content/i18n, keys under `response.`, English where a string is
// missing), with a quick exit link, a header and a main landmark, the site's stylesheet and no script, and on
// every one the numbers to call in danger as tel: links (from content/settings.json), whatever the page says, both in
// the page and in the site's emergency bar.
import settings from '../../content/settings.json' with { type: 'json' };
import { emergencyBarHtml } from '../../src/components/EmergencyBar/emergency-bar.ts';
import { defaultLocale, isLocale, locales, type Locale } from '../../src/i18n/locales.ts';
import { translationsFromDisk } from '../../src/i18n/translations-fs.ts';
import { campaignName, pageHref } from '../../src/shared/site.ts';
import type { TipsterStatus } from '../thread/status.ts';
import type { ErrorCode } from './errors.ts';

export function pickLocale(...candidates: Array<string | undefined | null>): Locale {
  for (const candidate of candidates) if (candidate && isLocale(candidate)) return candidate;
  return defaultLocale;
}

/** A string of the locale (English where it is missing: drafts may lag behind), with {{name}} filled in. */
function t(locale: Locale, key: string, values: Record<string, string | number> = {}): string {
  return translationsFromDisk().getFixedT(locale)(key, values);
}

const paths = {
  report: (locale: Locale) => pageHref(locale, 'report'),
  status: (locale: Locale) => pageHref(locale, 'status'),
  home: (locale: Locale) => pageHref(locale, ''),
};

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The numbers a person in danger needs on every page: the emergency number and the police crime hotline. */
const urgentNumbers = ['emergency', 'crime-hotline'].map((id) => {
  const number = settings.numbers.find((n) => n.id === id);
  if (!number) throw new Error(`content/settings.json has no number "${id}"`);
  return number;
});

function numbersToCall(locale: Locale): string {
  const items = urgentNumbers
    .map(
      (n) =>
        `<li><a class="response-numbers__number" href="tel:${escape(n.tel)}">${escape(n.number)}</a> ${escape(t(locale, `numbers.${n.id}`))}</li>`,
    )
    .join('\n');
  return `<section class="response-numbers" aria-labelledby="response-numbers-title">
<h2 id="response-numbers-title">${escape(t(locale, 'numbers.title'))}</h2>
<p>${escape(t(locale, 'numbers.intro'))}</p>
<ul>
${items}
</ul>
</section>`;
}

function emergencyBar(locale: Locale): string {
  const [emergency, hotline] = urgentNumbers;
  const key = (name: string) => t(locale, `emergencyBar.${name}`);
  return emergencyBarHtml(
    {
      region: key('region'),
      label: key('label'),
      call: key('call'),
      hotline: key('hotline'),
      hotlineMore: key('hotlineMore'),
    },
    { emergency: emergency!, hotline },
  );
}

function page(locale: Locale, title: string, body: string): string {
  const { lang, dir } = locales[locale];
  const site = campaignName(settings, locale);
  return `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(title)} · ${escape(site)}</title>
<link rel="stylesheet" href="/site.css">
</head>
<body>
<div class="width-container">
<header class="response-header">
<a class="response-site" href="${paths.home(locale)}">${escape(site)}</a>
<a class="quick-exit" href="${escape(settings.site.quickExitUrl)}" rel="noreferrer">${escape(t(locale, 'response.quick-exit'))}</a>
</header>
<main class="response">
<h1>${escape(title)}</h1>
${body}
${numbersToCall(locale)}
</main>
</div>
${emergencyBar(locale)}
</body>
</html>
`;
}

export function sentPage(locale: Locale, receipt: string): string {
  return page(
    locale,
    t(locale, 'response.sent.title'),
    `<p>${escape(t(locale, 'response.sent.lead'))}</p>
<h2>${escape(t(locale, 'response.sent.code-label'))}</h2>
<p class="receipt-code"><code>${escape(receipt)}</code></p>
<p>${escape(t(locale, 'response.sent.code-help'))}</p>
<p><a href="${paths.status(locale)}">${escape(t(locale, 'response.sent.status-link'))}</a></p>`,
  );
}

/** The "sent" page's address has expired (or was never ours): no code, and nothing was sent again. */
export function sentExpiredPage(locale: Locale): string {
  return page(
    locale,
    t(locale, 'response.sent.expired-title'),
    `<p>${escape(t(locale, 'response.sent.expired'))}</p>
<p><a href="${paths.status(locale)}">${escape(t(locale, 'response.sent.status-link'))}</a></p>`,
  );
}

export function tipErrorPage(locale: Locale, code: ErrorCode, values: Record<string, string | number> = {}): string {
  return page(
    locale,
    t(locale, 'response.error.title'),
    `<p class="response-error">${escape(t(locale, `response.error.${code}`, values))}</p>
<p><a href="${paths.report(locale)}">${escape(t(locale, 'response.error.back'))}</a></p>
<p>${escape(t(locale, 'response.error.back-hint'))}</p>`,
  );
}

/**
 * The status without JavaScript. Delivery statuses keep their page sentences (response.status.*); a desk case's
 * status uses the status page's reviewed sentences (thread.status.*). Replies are never shown here, and the page
 * says why: reading them needs the code on the device, not on the server.
 */
export function statusPage(locale: Locale, receipt: string, status: TipsterStatus): string {
  const delivery = ['waiting', 'delivered', 'undeliverable', 'unknown'].includes(status);
  const sentence = t(locale, delivery ? `response.status.${status}` : `thread.status.${status}`);
  // A report that will never arrive: the way back to the form comes first.
  const again =
    status === 'undeliverable'
      ? `<p><a href="${paths.report(locale)}">${escape(t(locale, 'response.error.back'))}</a></p>\n`
      : '';
  return page(
    locale,
    t(locale, 'response.status.title'),
    `<p>${escape(t(locale, 'response.status.code-label'))}: <code>${escape(receipt)}</code></p>
<p class="status-${status}">${escape(sentence)}</p>
${again}<p>${escape(t(locale, 'response.status.replies-need-js'))}</p>
<p>${escape(t(locale, 'thread.codeOnly'))}</p>
<p><a href="${paths.status(locale)}">${escape(t(locale, 'response.status.again'))}</a></p>`,
  );
}

/**
 * The status check's own sentence where the report's would be wrong ("too many reports"): the status page's, already
 * reviewed in every language.
 */
const statusSentences: Partial<Record<ErrorCode, string>> = { 'rate.limited': 'status.error.rate' };

export function statusErrorPage(locale: Locale, code: ErrorCode): string {
  return page(
    locale,
    t(locale, 'response.status.error-title'),
    `<p class="response-error">${escape(t(locale, statusSentences[code] ?? `response.error.${code}`))}</p>
<p><a href="${paths.status(locale)}">${escape(t(locale, 'response.status.again'))}</a></p>`,
  );
}
