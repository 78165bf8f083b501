// Builds the real site from a copy of content/ with one change, to check what campaign staff will see:
// a missing translation falls back to English with a notice, and bad content stops the build naming file and field.
import { cpSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { siteBuilder } from './helpers/build-site.ts';

const { buildWith, cleanup } = siteBuilder('content-build');
afterAll(cleanup);

describe('content checks at build time', () => {
  test('a page missing in Spanish is served in English with a Spanish notice and the right lang attributes', async () => {
    const result = await buildWith('fallback', (content) => rmSync(join(content, 'pages/es/law.md')));
    expect(result.output).not.toMatch(/error/i);
    const html = readFileSync(join(result.out, 'es/law/index.html'), 'utf8');
    expect(html).toMatch(/<html lang="es"/);
    expect(html).toMatch(/<main id="main" lang="en"/);
    expect(html).toMatch(/data-notice="untranslated" lang="es"/);
    expect(html).toContain('Esta página todavía no está disponible en su idioma');
  });

  test('a missing required field names the file and the field', async () => {
    const result = await buildWith('missing-title', (content) => {
      const file = join(content, 'pages/en/law.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^title:.*$/m, ''));
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('law.md');
    expect(result.output).toMatch(/title/);
  });

  test('a bad date names the file and the field', async () => {
    const result = await buildWith('bad-date', (content) => {
      const file = join(content, 'news/en/world-day-against-trafficking.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^date:.*$/m, 'date: 30th of July'));
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('world-day-against-trafficking.md');
    expect(result.output).toMatch(/date/);
  });

  test('a file in an unknown locale folder names the file and the known locales', async () => {
    const result = await buildWith('unknown-locale', (content) => {
      mkdirSync(join(content, 'pages/fr'));
      cpSync(join(content, 'pages/en/law.md'), join(content, 'pages/fr/law.md'));
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('content/pages/fr/law.md');
    expect(result.output).toContain('unknown locale "fr"');
  });
});
