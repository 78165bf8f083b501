// The site's loader of the translation system (system.ts): the strings from Astro's `i18n` content collection
// (content/i18n/<lang>.json, checked by its schema), one instance per build.
import { getCollection } from 'astro:content';
import type { i18n, TFunction } from 'i18next';
import { defaultLocale, type Locale } from './locales.ts';
import { createTranslationSystem } from './system.ts';

let ready: Promise<i18n> | undefined;

function instance(): Promise<i18n> {
  ready ??= getCollection('i18n').then((entries) =>
    createTranslationSystem(
      Object.fromEntries(entries.map((entry) => [entry.id, entry.data as Record<string, string>])),
    ),
  );
  return ready;
}

export async function useTranslations(locale: Locale): Promise<TFunction> {
  return (await instance()).getFixedT(locale);
}

/** The strings under a prefix, for a script that needs them at run time (islands get only their own strings). */
export async function stringsWithPrefix(locale: Locale, prefix: string): Promise<Record<string, string>> {
  const i18n = await instance();
  const english = i18n.getResourceBundle(defaultLocale, 'translation') as Record<string, string>;
  const t = i18n.getFixedT(locale);
  return Object.fromEntries(
    Object.keys(english)
      .filter((k) => k.startsWith(prefix))
      .map((k) => [k, t(k)]),
  );
}
