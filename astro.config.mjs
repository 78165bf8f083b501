// @ts-check
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  // Tests build variants of the site into their own folders.
  outDir: process.env.SITE_OUT_DIR ?? './dist',
  cacheDir: process.env.SITE_CACHE_DIR ?? './node_modules/.astro',
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // External files only: the CSP allows no inline script or style.
    inlineStylesheets: 'never',
  },
  vite: {
    build: { assetsInlineLimit: 0 },
    // ES module workers share OpenPGP.js's lazy chunks instead of inlining every optional one.
    worker: { format: 'es' },
    server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
  },
  devToolbar: { enabled: false },
});
