// Builds the real site from a copy of content/ with one change, to check what campaign staff will see:
// a missing translation falls back to English with a notice, and bad content stops the build with one plain line
// naming the file, the line, the field and what to do (the cases in detail: content-check.test.ts).
import { cpSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { siteBuilder } from './helpers/build-site.ts';

const { buildWith, cleanup } = siteBuilder('content-build');
afterAll(cleanup);

describe('content checks at build time', () => {
  // A whole site build: over a minute when the test runner's other files share the machine's two cores.
  test(
    'a page missing in Spanish is served in English with a Spanish notice and the right lang attributes',
    { timeout: 240_000 },
    async () => {
      const result = await buildWith('fallback', (content) => rmSync(join(content, 'pages/es/law.md')));
      expect(result.output).not.toMatch(/error/i);
      const html = readFileSync(join(result.out, 'es/law/index.html'), 'utf8');
      expect(html).toMatch(/<html lang="es"/);
      expect(html).toMatch(/<main id="main" lang="en"/);
      expect(html).toMatch(/data-notice="untranslated" lang="es"/);
      expect(html).toContain('Esta página todavía no está disponible en su idioma');
    },
  );

  test('a missing required field names the file and the field', async () => {
    const result = await buildWith('missing-title', (content) => {
      const file = join(content, 'pages/en/law.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^title:.*$/m, ''));
    });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(
      /^content\/pages\/en\/law\.md, line \d+, field "title": it is missing\. Add a line "title: …"/m,
    );
  });

  test('a bad date names the file and the field', async () => {
    const result = await buildWith('bad-date', (content) => {
      const file = join(content, 'news/en/world-day-against-trafficking.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^date:.*$/m, 'date: 30th of July'));
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(
      'content/news/en/world-day-against-trafficking.md, line 3, field "date": "30th of July" is not a date written as YYYY-MM-DD',
    );
  });

  test('an impossible date stops the build with one plain line, before YAML turns it into next January', async () => {
    const result = await buildWith('impossible-date', (content) => {
      const file = join(content, 'news/en/world-day-against-trafficking.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^date:.*$/m, 'date: 2026-12-45'));
    });
    expect(result.ok).toBe(false);
    const problems = result.output.split('\n').filter((line) => line.startsWith('content/'));
    expect(problems).toEqual([
      'content/news/en/world-day-against-trafficking.md, line 3, field "date": "2026-12-45" is not on the calendar: December 2026 has 31 days. Write a real date as YYYY-MM-DD.',
    ]);
    expect(result.output).not.toMatch(/^\s+at /m);
  });

  test('a file in an unknown locale folder names the file and the known locales', async () => {
    const result = await buildWith('unknown-locale', (content) => {
      mkdirSync(join(content, 'pages/fr'));
      cpSync(join(content, 'pages/en/law.md'), join(content, 'pages/fr/law.md'));
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(
      'content/pages/fr/law.md, line 1, language folder "fr": it is not one of the site\'s languages (en, es, ht).',
    );
  });
});
