// The shape of everything campaign staff edit under content/. One definition, read by three parts:
// the content collections (src/content.config.ts), the plain-language content check that runs before them
// (src/content-check/), and the CMS configuration (src/cms/), which takes its labels and hints from `.meta()`.
import { z } from 'astro/zod';
import { calendarDate } from './calendar-date.ts';

/** What the CMS shows for a field: its label, a hint under it, and a widget where the type alone does not say. */
export interface FieldMeta {
  [key: string]: unknown;
  title: string;
  description?: string;
  widget?: 'text' | 'markdown' | 'image';
  /** The same value in every language (dates, sources, the picture file): the CMS copies it from English. */
  i18n?: 'duplicate';
  /**
   * For a list of objects: the one line each item shows while folded, e.g. '{{fields.number}}'. Items with a value
   * start folded, so staff find the one to change by this line and unfold only that one.
   */
  summary?: string;
}
const field = <T extends z.ZodType>(schema: T, meta: FieldMeta): T => schema.meta(meta);

const source = z.object({
  title: field(z.string().min(1), {
    title: 'Title',
    description: 'The document, page or article the facts come from.',
  }),
  publisher: field(z.string().min(1), { title: 'Publisher', description: 'Who published it, e.g. UNODC.' }),
  url: field(z.url().optional(), { title: 'Link', description: 'The public address, starting with https://' }),
  // Text, but a YAML writer (the CMS's) may leave 2023-09-20 unquoted, which Astro's YAML reader makes a Date.
  date: field(
    z
      .preprocess(
        (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
        z.string().regex(/^\d{4}(-\d{2}){0,2}$/, 'use YYYY, YYYY-MM or YYYY-MM-DD'),
      )
      .optional(),
    {
      title: 'Date published',
      description: 'YYYY, YYYY-MM or YYYY-MM-DD',
    },
  ),
});
const sources = (min: number) =>
  field(z.array(source).min(min), {
    title: 'Sources',
    description: 'Where every fact on the page comes from; shown under it.',
    i18n: 'duplicate',
    summary: '{{fields.publisher}}: {{fields.title}}',
  });

/** "draft" marks a translation written without a native speaker, so a reviewer can find and check it. */
const translation = field(z.enum(['reviewed', 'draft']).default('reviewed'), {
  title: 'Translation',
  description: 'Choose "draft" until a native speaker has checked this language; the page then says so.',
});

/**
 * A picture from content/media/, and its alt text in this language. `src` is Astro's image() when the collections
 * load (the picture goes through the image pipeline) and a plain path in the content check. Two top-level fields
 * rather than one object: the file is the same in every language, the alt text is not.
 */
const picture = <Src extends z.ZodType>(src: Src) => ({
  image: field(src.optional(), {
    title: 'Picture',
    widget: 'image',
    i18n: 'duplicate',
    description: 'JPEG, PNG or WebP. Location and camera data are removed when the site is built.',
  }),
  imageAlt: field(z.string().min(1).optional(), {
    title: 'Alt text',
    description: 'Required with a picture: what it shows, in this language, for people who cannot see it.',
  }),
});
/** A picture needs its alt text, in each language's file. */
const altRequired = (data: { image?: unknown; imageAlt?: string }, ctx: z.core.$RefinementCtx) => {
  if (data.image !== undefined && !data.imageAlt)
    ctx.addIssue({ code: 'custom', path: ['imageAlt'], message: 'missing alt text' });
};

export const pageSchema = <Src extends z.ZodType = z.ZodString>(src: Src = z.string().min(1) as unknown as Src) =>
  z
    .object({
      title: field(z.string().min(1), { title: 'Title' }),
      description: field(z.string().min(1).max(200), {
        title: 'Description',
        description: 'One or two sentences for search results and share cards.',
        widget: 'text',
      }),
      navOrder: field(z.number().int().optional(), {
        title: 'Menu position',
        i18n: 'duplicate',
        description: 'A number: the page appears in the menu in this order. Leave empty to keep it out of the menu.',
      }),
      navTitle: field(z.string().min(1).max(30).optional(), {
        title: 'Menu label',
        description: 'A short label for the menu, where the title is too long.',
      }),
      glance: field(z.array(z.string().min(1).max(240)).max(6).optional(), {
        title: 'At a glance',
        description: 'Up to six main points, shown first on long pages.',
      }),
      ...picture(src),
      translation,
      updated: field(calendarDate, {
        title: 'Last checked',
        i18n: 'duplicate',
        description: 'The day the facts on this page were last checked.',
      }),
      sources: sources(0).default([]),
    })
    .superRefine(altRequired);

export const newsSchema = <Src extends z.ZodType = z.ZodString>(src: Src = z.string().min(1) as unknown as Src) =>
  z
    .object({
      title: field(z.string().min(1), { title: 'Title' }),
      date: field(calendarDate, { title: 'Date', i18n: 'duplicate' }),
      summary: field(z.string().min(1).max(300), {
        title: 'Summary',
        description: 'Shown in the news list and the feed.',
        widget: 'text',
      }),
      ...picture(src),
      translation,
      sources: sources(1),
    })
    .superRefine(altRequired);

export const uiStringsSchema = z.record(
  z.string().regex(/^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*$/, 'use dotted keys such as site.title'),
  z.string(),
);

const phoneNumber = z.object({
  id: field(z.string().regex(/^[a-z0-9-]+$/), {
    title: 'Id',
    description: 'Lower-case letters, digits and dashes; pages refer to the number by it.',
  }),
  number: field(z.string().min(1), {
    title: 'Number as shown',
    description: 'As people dial it locally, e.g. 869-465-2241.',
  }),
  tel: field(z.string().regex(/^\+?\d+$/), {
    title: 'Number to dial',
    description: 'Digits only, with +1869 for a full number, e.g. +18694652241.',
  }),
  source: field(z.string().min(1), {
    title: 'Source',
    description: 'Who published this number (required: never a number without a source).',
  }),
  sourceUrl: field(z.url().optional(), { title: 'Source link', description: 'The public page that shows the number.' }),
  verified: field(calendarDate, {
    title: 'Checked on',
    description: 'The day someone checked the number against its source.',
  }),
  status: field(z.enum(['confirmed', 'unverified']), {
    title: 'Status',
    description: '"unverified" until the number has been checked against its source.',
  }),
});

export const settingsSchema = z.object({
  site: field(
    z.object({
      /** Per language; English is required and stands in for a language without its own. */
      campaignName: field(
        z.record(z.string(), z.string().min(1)).refine((names) => 'en' in names, 'give at least the English name (en)'),
        { title: 'Campaign name', description: 'In each language; English is required.' },
      ),
      taskForceName: field(z.string().min(1), { title: 'Task force name' }),
      ministry: field(z.string().min(1), { title: 'Ministry' }),
      quickExitUrl: field(z.url(), {
        title: 'Quick exit address',
        description: 'The harmless site the quick-exit button opens.',
      }),
      siteUrl: field(z.url(), {
        title: 'Site address',
        description: 'The public address of this site, used on printed QR codes.',
      }),
    }),
    { title: 'Site' },
  ),
  numbers: field(z.array(phoneNumber).min(1), {
    title: 'Phone numbers',
    description: 'Each number with its source and the day it was checked. Unfold a number to change it.',
    summary: '{{fields.number}} ({{fields.id}}): {{fields.status}}, checked {{fields.verified}}',
  }),
});
