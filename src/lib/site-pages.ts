// Every page the site builds, per language, with its title and description: one list for the share cards, the
// search page's plain list and the tests, so a new page cannot be left without them.
import { localeCodes, type Locale } from '../i18n/locales.ts';
import { useTranslations } from '../i18n/translate.ts';
import { localizedEntries, splitId } from './site-data.ts';
import { pageHref } from '../shared/site.ts';

export interface SitePage {
  locale: Locale;
  /** The path after the locale: '' for the home page, 'news/<slug>' for a news item. */
  slug: string;
  title: string;
  description: string;
  kind: 'page' | 'news' | 'news-index' | 'status' | 'search' | 'materials';
  /** The language the page's text is in (English where a translation is missing). */
  contentLocale: Locale;
}

export async function sitePages(): Promise<SitePage[]> {
  const pages: SitePage[] = [];
  for (const { locale, slug, entry } of await localizedEntries('pages')) {
    const s = slug === 'index' ? '' : slug;
    pages.push({
      locale,
      slug: s,
      title: entry.data.title,
      description: entry.data.description,
      kind: 'page',
      contentLocale: splitId(entry.id).locale,
    });
  }
  for (const { locale, slug, entry } of await localizedEntries('news')) {
    pages.push({
      locale,
      slug: `news/${slug}`,
      title: entry.data.title,
      description: entry.data.summary,
      kind: 'news',
      contentLocale: splitId(entry.id).locale,
    });
  }
  for (const locale of localeCodes) {
    const t = await useTranslations(locale);
    const own = { locale, contentLocale: locale };
    pages.push({ ...own, slug: 'news', title: t('site.news'), description: t('site.newsIntro'), kind: 'news-index' });
    pages.push({
      ...own,
      slug: 'status',
      title: t('status.title'),
      description: t('status.description'),
      kind: 'status',
    });
    pages.push({
      ...own,
      slug: 'search',
      title: t('search.title'),
      description: t('search.description'),
      kind: 'search',
    });
    pages.push({
      ...own,
      slug: 'materials',
      title: t('materials.title'),
      description: t('materials.description'),
      kind: 'materials',
    });
  }
  return pages;
}

export const sitePagePath = (page: Pick<SitePage, 'locale' | 'slug'>) => pageHref(page.locale, page.slug);

/** Where a page's share card (Open Graph image) is built. */
export function shareCardPath(locale: Locale, slug: string): string {
  return `/og/${locale}/${slug === '' ? 'index' : slug}.png`;
}
