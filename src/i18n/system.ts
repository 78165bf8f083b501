// One translation system for the whole project (Starlight's createTranslationSystem): an i18next instance over the
// flat-key strings of content/i18n/<lang>.json, with one fallback rule: a string that is missing or empty in a
// language falls back to English. Two loaders feed it: translate.ts (the site, through Astro's content collection)
// and translations-fs.ts (the functions and scripts, from disk).
import i18next, { type i18n } from 'i18next';
import { defaultLocale } from './locales.ts';

/** Per language, its strings by flat key ("tip.error.rate.limited"). */
export type Translations = Readonly<Record<string, Readonly<Record<string, string>>>>;

export function createTranslationSystem(translations: Translations): i18n {
  const resources = Object.fromEntries(
    Object.entries(translations).map(([locale, strings]) => [
      locale,
      { translation: Object.fromEntries(Object.entries(strings).filter(([, text]) => text !== '')) },
    ]),
  );
  const instance = i18next.createInstance();
  // Synchronous: the resources are given, nothing is fetched.
  void instance.init({
    resources,
    fallbackLng: defaultLocale,
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    returnEmptyString: false,
    initAsync: false,
  });
  return instance;
}
