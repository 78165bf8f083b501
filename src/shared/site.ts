// Names and addresses both the site and the tip line's own pages (functions/tips/responses.ts) use, so a page the
// functions render links where the site's pages link and names the campaign as they do.
import { defaultLocale, type Locale } from '../i18n/locales.ts';

/** The campaign's name in a language, English standing in (content/settings.json: site.campaignName). */
export function campaignName(
  settings: { site: { campaignName: Partial<Record<string, string>> } },
  locale: Locale,
): string {
  return settings.site.campaignName[locale] ?? settings.site.campaignName[defaultLocale]!;
}

/** The address of a page in a language: "/es/report/"; the home page is "/es/". */
export function pageHref(locale: Locale, slug: string): string {
  return slug === '' || slug === 'index' ? `/${locale}/` : `/${locale}/${slug}/`;
}
