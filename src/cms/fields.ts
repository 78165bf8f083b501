// Turns the content schema (src/schema/collections.ts) into Sveltia CMS fields: the widget follows the type, the
// required flag follows optional()/default(), labels, hints and i18n come from the fields' .meta().
import { z } from 'astro/zod';
import { localeCodes, locales, defaultLocale } from '../i18n/locales.ts';
import type { FieldMeta } from '../schema/collections.ts';

export interface CmsField {
  name: string;
  label: string;
  widget: string;
  required?: boolean;
  hint?: string;
  i18n?: boolean | 'duplicate';
  default?: unknown;
  options?: string[];
  fields?: CmsField[];
  field?: CmsField;
  max?: number;
  dropdown_threshold?: number;
  summary?: string;
  collapsed?: 'auto';
  value_type?: 'int';
  time_format?: false;
  format?: string;
  date_format?: string;
  picker_utc?: boolean;
  media_folder?: string;
  choose_url?: boolean;
  pattern?: [string, string];
  root?: true;
  key_label?: string;
  value_label?: string;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string>;
  defaultValue?: unknown;
  checks?: { _zod: { def: { check: string; maximum?: number; format?: string; pattern?: RegExp } } }[];
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const metaOf = (schema: z.ZodType) => z.globalRegistry.get(schema) as FieldMeta | undefined;

/** A calendar date (src/schema/calendar-date.ts): a Date or YYYY-MM-DD text, transformed. */
function isCalendarDate(def: Def): boolean {
  return (
    def.type === 'pipe' &&
    defOf(def.in!).type === 'union' &&
    (defOf(def.in!).options ?? []).some((o) => defOf(o).type === 'date')
  );
}

/** The schema under optional()/default(), whether staff must fill it in, and its default. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; required: boolean; defaultValue?: unknown } {
  let inner = schema;
  let required = true;
  let defaultValue: unknown;
  for (;;) {
    const def = defOf(inner);
    if (def.type === 'optional') required = false;
    else if (def.type === 'default') {
      required = false;
      defaultValue = def.defaultValue;
    } else return { inner, required, defaultValue };
    inner = def.innerType!;
  }
}

const check = (def: Def, name: string) => def.checks?.find((c) => c._zod.def.check === name)?._zod.def;

/** The CMS field for one schema field. `translated`: inside a collection whose entries exist per language. */
export function cmsField(name: string, schema: z.ZodType, translated: boolean): CmsField {
  const meta: Partial<FieldMeta> = metaOf(schema) ?? {};
  const { inner, required, defaultValue } = unwrap(schema);
  // A value tidied before it is checked (z.preprocess): the CMS edits what it is checked as.
  const def = defOf(inner).type === 'pipe' && !isCalendarDate(defOf(inner)) ? defOf(defOf(inner).out!) : defOf(inner);
  const base: CmsField = { name, label: meta.title ?? name, widget: 'string' };
  if (!required) base.required = false;
  if (meta.description) base.hint = meta.description;
  if (translated) base.i18n = meta.i18n ?? true;
  if (defaultValue !== undefined && !(Array.isArray(defaultValue) && defaultValue.length === 0))
    base.default = defaultValue;

  if (isCalendarDate(def))
    return {
      ...base,
      widget: 'datetime',
      time_format: false,
      date_format: 'YYYY-MM-DD',
      format: 'YYYY-MM-DD',
      picker_utc: true,
    };
  switch (def.type) {
    case 'string': {
      if (meta.widget === 'image') return { ...base, widget: 'image', choose_url: false };
      const max = check(def, 'max_length')?.maximum;
      const pattern = check(def, 'string_format')?.pattern;
      return {
        ...base,
        widget: meta.widget ?? 'string',
        ...(max !== undefined && { hint: [base.hint, `${max} characters at most.`].filter(Boolean).join(' ') }),
        ...(pattern &&
          check(def, 'string_format')?.format === 'regex' && {
            pattern: [pattern.source, meta.description ?? 'Check the format'],
          }),
      };
    }
    case 'number':
      return { ...base, widget: 'number', value_type: 'int' };
    case 'enum':
      return { ...base, widget: 'select', options: Object.values(def.entries!) };
    case 'object':
      return { ...base, widget: 'object', fields: cmsFields(def.shape!, translated, base.i18n) };
    case 'array': {
      const max = check(def, 'max_length')?.maximum;
      const element = defOf(def.element!);
      const list: CmsField = { ...base, widget: 'list', ...(max !== undefined && { max }) };
      if (element.type === 'object')
        return {
          ...list,
          // Folded items with a one-line summary: Sveltia CMS draws an unfolded item's fields only once they scroll
          // into view, so a long list of unfolded items (nine phone numbers) is slow to find one's way in.
          ...(meta.summary && { summary: meta.summary, collapsed: 'auto' as const }),
          fields: cmsFields(element.shape!, translated, base.i18n).map(asDropdown),
        };
      return { ...list, field: { ...cmsField(name, def.element!, false), label: base.label } };
    }
    case 'record':
      // Per-language text such as the campaign name: one box per language, English required.
      return {
        ...base,
        widget: 'object',
        fields: localeCodes.map((code) => ({
          name: code,
          label: locales[code].label,
          widget: 'string',
          ...(code !== defaultLocale && { required: false }),
        })),
      };
    default:
      throw new Error(`src/cms/fields.ts: no CMS widget for the schema type "${def.type}" of field "${name}"`);
  }
}

/**
 * A choice inside a list item as a dropdown. Sveltia CMS (0.221) shows a choice of up to five options as radio
 * buttons, and inside a list item those mark the new option without saving it (both options end up marked, the
 * file keeps the old value; tests/e2e/cms.spec.ts changes a phone number's status); its dropdown saves.
 */
function asDropdown(field: CmsField): CmsField {
  return field.widget === 'select' ? { ...field, dropdown_threshold: 0 } : field;
}

/** Fields of an object. Inside a field copied from English, every part is copied too. */
export function cmsFields(
  shape: Record<string, z.ZodType>,
  translated: boolean,
  parentI18n?: boolean | 'duplicate',
): CmsField[] {
  return Object.entries(shape).map(([name, schema]) => {
    const field = cmsField(name, schema, translated);
    if (translated && parentI18n === 'duplicate') field.i18n = 'duplicate';
    return field;
  });
}
