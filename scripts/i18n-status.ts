// Prints, per locale, the pages, news and UI strings that are missing or still draft translations, so campaign
// staff know what to send to a native speaker. English is the source language.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLocale, localeCodes } from '../src/i18n/locales.ts';
import { readTranslations } from '../src/i18n/translations-fs.ts';

const contentDir = process.env.SITE_CONTENT_DIR ?? 'content';

const markdownIn = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .sort()
    : [];
const isDraft = (file: string) =>
  /^translation:\s*['"]?draft['"]?\s*$/m.test(readFileSync(file, 'utf8').split(/^---\s*$/m)[1] ?? '');
const translations = readTranslations(join(contentDir, 'i18n'));
const strings = (locale: string): Readonly<Record<string, string>> => translations[locale] ?? {};

const source = strings(defaultLocale);
let outstanding = 0;
for (const locale of localeCodes.filter((l) => l !== defaultLocale)) {
  console.log(`\n## ${locale}`);
  for (const collection of ['pages', 'news']) {
    const english = markdownIn(join(contentDir, collection, defaultLocale));
    const own = new Set(markdownIn(join(contentDir, collection, locale)));
    const missing = english.filter((f) => !own.has(f));
    const drafts = english.filter((f) => own.has(f) && isDraft(join(contentDir, collection, locale, f)));
    console.log(
      `${collection}: ${english.length - missing.length}/${english.length} translated, ${drafts.length} draft`,
    );
    if (missing.length) console.log(`  missing: ${missing.join(', ')}`);
    if (drafts.length) console.log(`  draft:   ${drafts.join(', ')}`);
    outstanding += missing.length + drafts.length;
  }
  const ui = strings(locale);
  const missingKeys = Object.keys(source).filter((k) => !ui[k]);
  console.log(
    `UI strings: ${Object.keys(source).length - missingKeys.length}/${Object.keys(source).length} translated`,
  );
  if (missingKeys.length) console.log(`  missing: ${missingKeys.join(', ')}`);
  const draftUi = ui['meta.translation'] === 'draft';
  if (draftUi) console.log(`  draft:   the whole file (content/i18n/${locale}.json has "meta.translation": "draft")`);
  outstanding += missingKeys.length + (draftUi ? 1 : 0);
}
console.log(`\n${outstanding} item(s) need a translator or a native speaker's review.`);
