import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { isLocale, localeCodes } from './i18n/locales.ts';

// Campaign staff's content; tests build from a copy to check fallbacks and bad content.
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

const source = z.object({
  title: z.string().min(1),
  publisher: z.string().min(1),
  url: z.url().optional(),
  date: z.string().regex(/^\d{4}(-\d{2}){0,2}$/, 'use YYYY, YYYY-MM or YYYY-MM-DD').optional(),
});

// "draft" marks a translation written without a native speaker, so staff can get it reviewed.
const translation = z.enum(['reviewed', 'draft']).default('reviewed');

const pages = defineCollection({
  loader: glob({ base: `${contentDir}/pages`, pattern: '**/*.md', generateId: localeId('pages') }),
  schema: z.object({
    title: z.string().min(1),
    description: z.string().min(1).max(200),
    navOrder: z.number().int().optional(),
    /** A short label for the menu, where the title is too long for it. */
    navTitle: z.string().min(1).max(30).optional(),
    /** "At a glance": the page's main points, shown first on long pages. */
    glance: z.array(z.string().min(1).max(240)).max(6).optional(),
    translation,
    updated: z.coerce.date(),
    sources: z.array(source).default([]),
  }),
});

const news = defineCollection({
  loader: glob({ base: `${contentDir}/news`, pattern: '**/*.md', generateId: localeId('news') }),
  schema: z.object({
    title: z.string().min(1),
    date: z.coerce.date(),
    summary: z.string().min(1).max(300),
    translation,
    sources: z.array(source).min(1),
  }),
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
  schema: z.record(z.string().regex(/^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*$/, "use dotted keys such as site.title"), z.string()),
});

const phoneNumber = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  number: z.string().min(1),
  tel: z.string().regex(/^\+?\d+$/),
  source: z.string().min(1),
  sourceUrl: z.url().optional(),
  verified: z.coerce.date(),
  status: z.enum(['confirmed', 'unverified']),
});

const settings = defineCollection({
  loader: file(`${contentDir}/settings.json`, { parser: (text) => [{ id: 'site', ...JSON.parse(text) }] }),
  schema: z.object({
    site: z.object({
      /** Per language; English is required and stands in for a language without its own. */
      campaignName: z.record(z.string(), z.string().min(1)).refine((names) => 'en' in names, 'give at least the English name (en)'),
      taskForceName: z.string().min(1),
      ministry: z.string().min(1),
      quickExitUrl: z.url(),
      siteUrl: z.url(),
    }),
    numbers: z.array(phoneNumber).min(1),
  }),
});

export const collections = { pages, news, i18n, settings };
