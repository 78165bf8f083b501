// @ts-check
import { readFileSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';
import react from '@astrojs/react';
import { contentCheck } from './src/content-check/integration.ts';
import { pagefindIndex } from './src/integrations/pagefind.ts';
import { sveltiaCms } from './src/cms/integration.ts';
import { precompress } from './src/integrations/precompress.ts';
import { leanPreloadHelper } from './src/integrations/lean-preload.ts';

// Canonical links, hreflang, feeds, share cards and the QR codes on printed materials need the site's public
// address: SITE_URL when set (deployments), else siteUrl in content/settings.json.
const contentDir = process.env.SITE_CONTENT_DIR ?? './content';
const site = process.env.SITE_URL || JSON.parse(readFileSync(`${contentDir}/settings.json`, 'utf8')).site.siteUrl;

export default defineConfig({
  output: 'static',
  site,
  // Tests build variants of the site into their own folders.
  outDir: process.env.SITE_OUT_DIR ?? './dist',
  cacheDir: process.env.SITE_CACHE_DIR ?? './node_modules/.astro',
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // External files only: the CSP allows no inline script or style.
    inlineStylesheets: 'never',
  },
  integrations: [
    // First: bad content stops the build with one plain line per problem, before the collections load.
    contentCheck(contentDir),
    sitemap({
      i18n: { defaultLocale: 'en', locales: { en: 'en', es: 'es', ht: 'ht' } },
      // Utility pages are not for search engines; the redirect at / and the not-found page neither.
      filter: (page) =>
        !/\/(status|search)\/$/.test(page) &&
        !new URL(page).pathname.startsWith('/admin/') &&
        !new URL(page).pathname.startsWith('/desk/') &&
        new URL(page).pathname !== '/',
    }),
    pagefindIndex(),
    // React for the task force desk's page alone (src/desk/); the public pages ship no framework.
    react({ include: ['**/src/desk/**/*.tsx'] }),
    sveltiaCms(),
    // Last: compresses what every step before it wrote. Tests that only read a variant build skip it.
    ...(process.env.SITE_PRECOMPRESS === '0' ? [] : [precompress()]),
  ],
  vite: {
    build: { assetsInlineLimit: 0 },
    plugins: [leanPreloadHelper()],
    // ES module workers share OpenPGP.js's lazy chunks instead of inlining every optional one.
    worker: { format: 'es' },
    server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
  },
  devToolbar: { enabled: false },
});
