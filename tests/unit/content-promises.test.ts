// What the site's words promise about the tip line, held to what it does, in every language. The new-user trial
// found two broken promises: the FAQ said photos keep their location without JavaScript (the server removes it, by
// the same rule as the browser: src/shared/report/attachments.ts), and the form told a victim "You are not in
// trouble for asking" while the FAQ answers "Will I get in trouble?" with "We cannot promise that you will not".
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import en from '../../content/i18n/en.json' with { type: 'json' };
import es from '../../content/i18n/es.json' with { type: 'json' };
import ht from '../../content/i18n/ht.json' with { type: 'json' };

const strings: Record<string, Record<string, string>> = { en, es, ht };
const pagesOf = (locale: string) => {
  const dir = new URL(`../../content/pages/${locale}/`, import.meta.url);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]),
  );
};

const promises = {
  en: {
    impunity: /you are not in trouble/i,
    cannotPromise: 'We cannot promise that you will not.',
    photosKeptWithoutJs: /JavaScript is off, your photos may still contain/i,
    serverCleansWithoutJs: 'With JavaScript off, the server does it in its memory',
  },
  es: {
    impunity: /no le traerá problemas/i,
    cannotPromise: 'No podemos prometerle que no.',
    photosKeptWithoutJs: /podrían seguir teniendo su ubicación/i,
    serverCleansWithoutJs: 'Con JavaScript desactivado, el servidor lo hace en su memoria',
  },
  ht: {
    // A statement, not the FAQ's "Nou pa ka pwomèt ou ou p ap gen pwoblèm" (we cannot promise you will not).
    impunity: /(^|[.!?]\s+)Ou p ap gen pwoblèm/,
    cannotPromise: 'Nou pa ka pwomèt ou ou p ap gen pwoblèm.',
    photosKeptWithoutJs: /ka toujou gen enfòmasyon sou kote/i,
    serverCleansWithoutJs: 'Lè JavaScript fèmen, sèvè a fè sa nan memwa li',
  },
} as const;

describe.each(Object.entries(promises))('%s', (locale, words) => {
  const pages = pagesOf(locale);

  it('never tells a person they are not in trouble: the FAQ says it cannot promise that, and nothing contradicts it', () => {
    expect(pages['faq.md']).toContain(words.cannotPromise);
    for (const [key, text] of Object.entries(strings[locale]!))
      expect([key, words.impunity.test(text)]).toEqual([key, false]);
    for (const [file, text] of Object.entries(pages)) expect([file, words.impunity.test(text)]).toEqual([file, false]);
  });

  it('names the photos that are cleaned wherever it promises cleaning: HEIC and other files are sent as they are', () => {
    const promising = ['faq.md', 'privacy.md'];
    for (const file of promising) expect([file, /HEIC/.test(pages[file]!)]).toEqual([file, true]);
  });

  it('says photos are cleaned without JavaScript too, as the server does', () => {
    expect(pages['faq.md']).toContain(words.serverCleansWithoutJs);
    for (const [file, text] of Object.entries(pages))
      expect([file, words.photosKeptWithoutJs.test(text)]).toEqual([file, false]);
  });
});
