// One i18next instance per build, fed from content/i18n/<lang>.json (flat keys, Starlight-style).
// A key missing in a locale falls back to English.
import { getCollection } from 'astro:content';
import i18next, { type TFunction } from 'i18next';
import { defaultLocale, type Locale } from './locales.ts';

let ready: Promise<typeof i18next> | undefined;

async function instance() {
  ready ??= (async () => {
    const entries = await getCollection('i18n');
    const resources = Object.fromEntries(
      entries.map((e) => [e.id, { translation: Object.fromEntries(Object.entries(e.data).filter(([, v]) => v !== '')) }]),
    );
    const i18n = i18next.createInstance();
    await i18n.init({
      resources,
      fallbackLng: defaultLocale,
      keySeparator: false,
      nsSeparator: false,
      interpolation: { escapeValue: false },
      returnEmptyString: false,
    });
    return i18n;
  })();
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
  return Object.fromEntries(Object.keys(english).filter((k) => k.startsWith(prefix)).map((k) => [k, t(k)]));
}
