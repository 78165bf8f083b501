// One RSS feed per language for local media and readers: that language's news, newest first, with plain-text
// summaries (no HTML, so nothing to sanitise) and absolute links.
import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import { locales, localeCodes, type Locale } from '../../../i18n/locales.ts';
import { useTranslations } from '../../../i18n/translate.ts';
import { absoluteUrl, getSettings, localizedEntries } from '../../../lib/site-data.ts';
import { campaignName } from '../../../shared/site.ts';

export const getStaticPaths: GetStaticPaths = () => localeCodes.map((lang) => ({ params: { lang } }));

export const GET: APIRoute = async ({ params, site }) => {
  const locale = params.lang as Locale;
  const t = await useTranslations(locale);
  const settings = await getSettings();
  const name = campaignName(settings, locale);
  const items = (await localizedEntries('news'))
    // Only news written in this language: a feed stays in one language.
    .filter((n) => n.locale === locale && !n.isFallback)
    .sort((a, b) => b.entry.data.date.getTime() - a.entry.data.date.getTime())
    .map(({ slug, entry }) => ({
      title: entry.data.title,
      pubDate: entry.data.date,
      description: entry.data.summary,
      link: absoluteUrl(`/${locale}/news/${slug}/`),
    }));
  return rss({
    title: t('feed.title', { name }),
    description: t('site.newsIntro'),
    site: site!,
    items,
    customData: `<language>${locales[locale].lang}</language>`,
  });
};
