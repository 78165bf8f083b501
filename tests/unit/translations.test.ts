// One translation system, two loaders: the site (Astro's collection) and the functions' own pages (from disk) get
// the same strings with the same fallback rule.
import { describe, expect, test } from 'vitest';
import { tipErrorPage } from '../../functions/tips/responses.ts';
import { localeCodes } from '../../src/i18n/locales.ts';
import { createTranslationSystem } from '../../src/i18n/system.ts';
import { readTranslations } from '../../src/i18n/translations-fs.ts';

describe('the translation system', () => {
  const system = createTranslationSystem({
    en: { greeting: 'Hello {{name}}', only: 'English only', blank: 'Not blank' },
    es: { greeting: 'Hola {{name}}', blank: '' },
  });

  test('fills in values, and falls back to English for a string that is missing or empty', () => {
    const es = system.getFixedT('es');
    expect(es('greeting', { name: 'Ana' })).toBe('Hola Ana');
    expect(es('only')).toBe('English only');
    expect(es('blank')).toBe('Not blank');
  });

  test('the disk loader reads every language locales.ts names', () => {
    const translations = readTranslations();
    expect(Object.keys(translations).sort()).toEqual([...localeCodes].sort());
    for (const locale of localeCodes) expect(Object.keys(translations[locale]!).length).toBeGreaterThan(100);
  });

  test('a no-JavaScript page speaks the language through it, with the values filled in', () => {
    const english = readTranslations().en!;
    const page = tipErrorPage('es', 'rate.limited', { minutes: 7 });
    expect(page).toContain('lang="es"');
    expect(page).not.toContain('{{');
    expect(page).not.toContain(english['response.error.rate.limited']!.replace('{{minutes}}', '7'));
  });
});
