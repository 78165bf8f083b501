// Build-time access to the content collections, in the shapes the layouts need.
import { getCollection, getEntry, type CollectionEntry } from 'astro:content';
import { defaultLocale, localeCodes, type Locale } from '../i18n/locales.ts';

export type PageEntry = CollectionEntry<'pages'>;
export type NewsEntry = CollectionEntry<'news'>;

export async function getSettings() {
  const entry = await getEntry('settings', 'site');
  if (!entry) throw new Error('content/settings.json is missing');
  return entry.data;
}

export function splitId(id: string): { locale: Locale; slug: string } {
  const [locale, ...rest] = id.split('/');
  return { locale: locale as Locale, slug: rest.join('/') };
}

/** Every locale's version of a collection's entries, English standing in where a translation is missing. */
export async function localizedEntries<C extends 'pages' | 'news'>(collection: C) {
  const entries = (await getCollection(collection)) as CollectionEntry<C>[];
  const byKey = new Map(entries.map((e) => [e.id, e]));
  const slugs = entries.filter((e) => splitId(e.id).locale === defaultLocale).map((e) => splitId(e.id).slug);
  const result: { locale: Locale; slug: string; entry: CollectionEntry<C>; isFallback: boolean }[] = [];
  for (const locale of localeCodes) {
    for (const slug of slugs) {
      const own = byKey.get(`${locale}/${slug}`);
      const entry = own ?? byKey.get(`${defaultLocale}/${slug}`)!;
      result.push({ locale, slug, entry, isFallback: !own });
    }
  }
  return result;
}

export async function navigation(locale: Locale) {
  const pages = (await localizedEntries('pages')).filter(
    (p) => p.locale === locale && p.entry.data.navOrder !== undefined,
  );
  return pages
    .filter((p) => p.slug !== 'index')
    .sort((a, b) => a.entry.data.navOrder! - b.entry.data.navOrder!)
    .map((p) => ({ slug: p.slug, title: p.entry.data.navTitle ?? p.entry.data.title }));
}

/** The site's address (SITE_URL, else content/settings.json's siteUrl; set in astro.config.mjs), without a trailing slash. */
export function siteOrigin(): string {
  const site = import.meta.env.SITE;
  if (!site) throw new Error('astro.config.mjs must set `site` (SITE_URL or siteUrl in content/settings.json)');
  return site.replace(/\/+$/, '');
}

/** An absolute URL on this site, for canonical links, hreflang, feeds, share cards and QR codes. */
export function absoluteUrl(path: string): string {
  return `${siteOrigin()}${path.startsWith('/') ? path : `/${path}`}`;
}

/** True while the site is built with the placeholder address from content/settings.json (QR codes would mislead). */
export function isPlaceholderSite(): boolean {
  return /\.invalid$/i.test(new URL(siteOrigin()).hostname);
}
