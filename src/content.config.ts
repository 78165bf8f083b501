import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { isLocale, localeCodes } from './i18n/locales.ts';
import { newsSchema, pageSchema, settingsSchema, uiStringsSchema } from './schema/collections.ts';
import { mediaPath } from './schema/media.ts';

// Campaign staff's content; tests build from a copy to check fallbacks and bad content. The content check
// (src/content-check/, run by its integration before the collections load) has already reported bad content in
// one plain line each; the errors below are a second line of defence.
const contentDir = process.env.SITE_CONTENT_DIR ?? './content';

// Ids are "<locale>/<slug>"; a file outside a known locale folder fails the build with its path.
function localeId(folder: string) {
  return ({ entry }: { entry: string }) => {
    const [locale, ...rest] = entry.replace(/\.(md|json)$/, '').split('/');
    if (!isLocale(locale) || rest.length === 0) {
      throw new Error(
        `content/${folder}/${entry}: unknown locale "${locale}". Put the file in one of ${localeCodes
          .map((l) => `content/${folder}/${l}/`)
          .join(', ')} or add the locale to src/i18n/locales.ts.`,
      );
    }
    return `${locale}/${rest.join('/')}`;
  };
}

/** Front matter names a picture as the CMS writes it (/media/<file>); Astro's image() wants it relative to the entry. */
const entryPicture = <T extends z.ZodType>(image: () => T) =>
  z.preprocess((value) => (typeof value === 'string' ? mediaPath.fromEntry(value) : value), image());

const pages = defineCollection({
  loader: glob({ base: `${contentDir}/pages`, pattern: '**/*.md', generateId: localeId('pages') }),
  schema: ({ image }) => pageSchema(entryPicture(image)),
});

const news = defineCollection({
  loader: glob({ base: `${contentDir}/news`, pattern: '**/*.md', generateId: localeId('news') }),
  schema: ({ image }) => newsSchema(entryPicture(image)),
});

const i18n = defineCollection({
  loader: glob({
    base: `${contentDir}/i18n`,
    pattern: '*.json',
    generateId: ({ entry }) => {
      const locale = entry.replace(/\.json$/, '');
      if (!isLocale(locale)) throw new Error(`content/i18n/${entry}: unknown locale "${locale}"`);
      return locale;
    },
  }),
  schema: uiStringsSchema,
});

const settings = defineCollection({
  loader: file(`${contentDir}/settings.json`, { parser: (text) => [{ id: 'site', ...JSON.parse(text) }] }),
  schema: settingsSchema,
});

export const collections = { pages, news, i18n, settings };
