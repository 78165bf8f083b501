// The site's languages. Adding one is a line here plus its files under content/.
export const locales = {
  en: { label: 'English', lang: 'en', dir: 'ltr' },
  es: { label: 'Español', lang: 'es', dir: 'ltr' },
  ht: { label: 'Kreyòl', lang: 'ht', dir: 'ltr' },
} as const;

export type Locale = keyof typeof locales;
export const defaultLocale: Locale = 'en';
export const localeCodes = Object.keys(locales) as Locale[];

export function isLocale(value: string | undefined): value is Locale {
  return value !== undefined && Object.hasOwn(locales, value);
}
