// The CMS configuration must say what the content schema says: every field staff may edit, with the right widget
// and required flag. The comparison below asks the schema itself (does it accept no value? a date? this option?)
// rather than reading it the way src/cms/fields.ts does, so a mistake there shows up here.
import { describe, expect, test } from 'vitest';
import { z } from 'astro/zod';
import { parse, stringify } from 'yaml';
import { cmsConfig } from '../../src/cms/config.ts';
import type { CmsField } from '../../src/cms/fields.ts';
import { localeCodes } from '../../src/i18n/locales.ts';
import { newsSchema, pageSchema, settingsSchema } from '../../src/schema/collections.ts';

const config = parse(
  stringify(
    cmsConfig({
      repo: 'owner/site',
      branch: 'main',
      authBaseUrl: 'https://site.example',
      siteUrl: 'https://site.example/',
    }),
  ),
);
const collection = (name: string) => config.collections.find((c: { name: string }) => c.name === name);

type Shape = Record<string, z.ZodType>;
const shapeOf = (schema: z.ZodType): Shape | undefined => {
  let s = schema as unknown as { shape?: Shape; unwrap?: () => z.ZodType; _zod: { def: { innerType?: z.ZodType } } };
  while (!s.shape && s._zod.def.innerType) s = s._zod.def.innerType as never;
  return s.shape;
};
const elementOf = (schema: z.ZodType): z.ZodType | undefined => {
  let s = schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; element?: z.ZodType } } };
  while (s._zod.def.innerType) s = s._zod.def.innerType as never;
  return s._zod.def.type === 'array' ? s._zod.def.element : undefined;
};

/** Where the CMS fields and the schema disagree, as readable lines (empty when they agree). */
function disagreements(shape: Shape, fields: CmsField[], at = ''): string[] {
  const out: string[] = [];
  const names = fields.map((f) => f.name).filter((n) => n !== 'body');
  for (const key of Object.keys(shape))
    if (!names.includes(key)) out.push(`${at}${key}: in the schema, not in the CMS`);
  for (const field of fields) {
    const schema = shape[field.name];
    if (field.name === 'body') continue;
    if (!schema) {
      out.push(`${at}${field.name}: in the CMS, not in the schema`);
      continue;
    }
    const optional = schema.safeParse(undefined).success;
    if (optional !== (field.required === false))
      out.push(`${at}${field.name}: required is ${field.required !== false} in the CMS, ${!optional} in the schema`);
    const isDate = schema.safeParse('2026-02-28').success && !schema.safeParse('2026-02-30').success;
    if (isDate !== (field.widget === 'datetime'))
      out.push(`${at}${field.name}: widget ${field.widget}, but the schema ${isDate ? 'is' : 'is not'} a date`);
    if (field.widget === 'select') {
      for (const option of field.options ?? [])
        if (!schema.safeParse(option).success)
          out.push(`${at}${field.name}: option "${option}" is refused by the schema`);
      if (schema.safeParse('not-an-option').success)
        out.push(`${at}${field.name}: the schema takes any value, the CMS offers a list`);
    }
    const inner = shapeOf(schema);
    if (field.widget === 'object' && inner)
      out.push(...disagreements(inner, field.fields ?? [], `${at}${field.name} > `));
    const element = elementOf(schema);
    if (field.widget === 'list' && element && shapeOf(element))
      out.push(...disagreements(shapeOf(element)!, field.fields ?? [], `${at}${field.name} > `));
  }
  return out;
}

describe('CMS configuration generated from the content schema', () => {
  test('news and pages: every field, widget and required flag agrees with the schema; the text is the body', () => {
    expect(disagreements(newsSchema().shape, collection('news').fields)).toEqual([]);
    expect(disagreements(pageSchema().shape, collection('pages').fields)).toEqual([]);
    for (const name of ['news', 'pages']) {
      const c = collection(name);
      expect(c.folder).toBe(`content/${name}`);
      expect(c.fields.at(-1)).toMatchObject({ name: 'body', widget: 'markdown', i18n: true });
    }
  });

  test('settings: every number has its source and checked date, as the schema requires', () => {
    const fields = collection('settings').files[0].fields;
    expect(collection('settings').files[0].file).toBe('content/settings.json');
    expect(disagreements(settingsSchema.shape, fields)).toEqual([]);
    const numbers = fields.find((f: CmsField) => f.name === 'numbers').fields as CmsField[];
    expect(numbers.find((f) => f.name === 'source')!.required).not.toBe(false);
    expect(numbers.find((f) => f.name === 'verified')).toMatchObject({ widget: 'datetime', format: 'YYYY-MM-DD' });
  });

  test('lists of objects: folded items with a one-line summary of fields that exist; choices inside items are dropdowns', () => {
    const numbers = collection('settings').files[0].fields.find((f: CmsField) => f.name === 'numbers') as CmsField;
    expect(numbers).toMatchObject({ widget: 'list', collapsed: 'auto' });
    const sources = collection('news').fields.find((f: CmsField) => f.name === 'sources') as CmsField;
    expect(sources).toMatchObject({ widget: 'list', collapsed: 'auto' });
    for (const list of [numbers, sources]) {
      const names = [...list.summary!.matchAll(/\{\{fields\.(\w+)\}\}/g)].map((m) => m[1]);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(list.fields!.map((f) => f.name)).toContain(name);
    }
    // Sveltia CMS's radio buttons inside a list item do not save (tests/e2e/cms.spec.ts); its dropdown does.
    expect(numbers.fields!.find((f) => f.name === 'status')).toMatchObject({ widget: 'select', dropdown_threshold: 0 });
    // Outside lists the radio buttons work and stay (the translation flag).
    expect(
      collection('news').fields.find((f: CmsField) => f.name === 'translation').dropdown_threshold,
    ).toBeUndefined();
  });

  test('a disagreement is found (the comparison is not vacuous)', () => {
    const news = structuredClone(collection('news').fields) as CmsField[];
    news.find((f) => f.name === 'summary')!.required = false;
    news.find((f) => f.name === 'date')!.widget = 'string';
    news.push({ name: 'author', label: 'Author', widget: 'string' });
    expect(
      disagreements(
        newsSchema().shape,
        news.filter((f) => f.name !== 'title'),
      ),
    ).toEqual([
      'title: in the schema, not in the CMS',
      'date: widget string, but the schema is a date',
      'summary: required is false in the CMS, true in the schema',
      'author: in the CMS, not in the schema',
    ]);
  });

  test('pages and news are per language (English first, Spanish and Creole beside it), the draft flag editable in each', () => {
    expect(config.i18n).toMatchObject({ structure: 'multiple_folders', locales: localeCodes, default_locale: 'en' });
    for (const name of ['news', 'pages']) {
      const translation = collection(name).fields.find((f: CmsField) => f.name === 'translation');
      expect(translation).toMatchObject({ widget: 'select', options: ['reviewed', 'draft'], i18n: true });
      // The picture file is the same in every language; its alt text is written in each.
      expect(collection(name).fields.find((f: CmsField) => f.name === 'image')).toMatchObject({
        widget: 'image',
        i18n: 'duplicate',
        required: false,
      });
      expect(collection(name).fields.find((f: CmsField) => f.name === 'imageAlt')).toMatchObject({
        widget: 'string',
        i18n: true,
      });
    }
  });

  test('UI strings: one file per language, edited as name/text pairs saved at the top of the JSON file', () => {
    expect(collection('ui').files.map((f: { file: string }) => f.file)).toEqual(
      localeCodes.map((l) => `content/i18n/${l}.json`),
    );
    for (const file of collection('ui').files)
      expect(file.fields).toEqual([expect.objectContaining({ widget: 'keyvalue', root: true })]);
  });

  test('publishing goes through review on GitHub; pictures go to content/media/; nothing from stock photo services', () => {
    expect(config.backend).toMatchObject({
      name: 'github',
      repo: 'owner/site',
      base_url: 'https://site.example',
      auth_endpoint: 'api/cms-auth/auth',
    });
    expect(config.publish_mode).toBe('editorial_workflow');
    expect(config.media_folder).toBe('content/media');
    expect(config.public_folder).toBe('/media');
    expect(config.media_libraries.stock_assets).toBe(false);
  });
});
