// The loader of the translation system (system.ts) for code that runs outside Vite: the functions' own pages
// (functions/tips/responses.ts) and the scripts. Reads content/i18n/<lang>.json for every language in locales.ts,
// from the working directory or, where a function bundle runs elsewhere, relative to this file (the deploy configs
// ship content/i18n/ with the functions: scripts/write-deploy-headers.ts).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { i18n } from 'i18next';
import { localeCodes } from './locales.ts';
import { createTranslationSystem, type Translations } from './system.ts';

/** The strings of every language, as the files hold them (a missing file is an empty language). */
export function readTranslations(dir = translationsDir()): Translations {
  return Object.fromEntries(
    localeCodes.map((locale) => {
      const file = join(dir, `${locale}.json`);
      return [locale, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {}];
    }),
  );
}

let cached: i18n | undefined;

/** The translation system over content/i18n/, read once per process. */
export function translationsFromDisk(): i18n {
  cached ??= createTranslationSystem(readTranslations());
  return cached;
}

function translationsDir(): string {
  const fromCwd = resolve('content/i18n');
  if (existsSync(fromCwd)) return fromCwd;
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '..', '.']) {
    const candidate = resolve(here, up, 'content/i18n');
    if (existsSync(candidate)) return candidate;
  }
  return fromCwd;
}
