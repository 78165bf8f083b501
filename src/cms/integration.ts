// Serves Sveltia CMS from this site's origin: its script is copied from node_modules into the build (and served from
// there in `astro dev`), never loaded from a CDN. The script's stylesheet names three fonts on jsDelivr; those
// addresses are rewritten to copies of the same fonts from their npm packages, so the CMS asks no other origin for
// anything (its CSP would block them anyway, and the icons would show as words).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const nodeModules = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const sveltiaDist = join(nodeModules, '@sveltia/cms/dist');

/** The fonts Sveltia CMS names on jsDelivr, and the same files from their npm packages. */
const fonts = [
  {
    cdn: /https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/material-symbols-outlined:vf@[\d.]+\/latin-wght-normal\.woff2/g,
    file: '@fontsource-variable/material-symbols-outlined/files/material-symbols-outlined-latin-wght-normal.woff2',
  },
  {
    cdn: /https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/source-sans-3:vf@[\d.]+\/latin-wght-normal\.woff2/g,
    file: '@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2',
  },
  {
    cdn: /https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/noto-mono@[\d.]+\/latin-400-normal\.woff2/g,
    file: '@fontsource/noto-mono/files/noto-mono-latin-400-normal.woff2',
  },
];
const fontPath = (file: string) => `fonts/${file.split('/').at(-1)}`;

/** The files the CMS needs under /admin/, by their path there. */
export function cmsFiles(): Map<string, Buffer> {
  let script = readFileSync(join(sveltiaDist, 'sveltia-cms.js'), 'utf8');
  const files = new Map<string, Buffer>();
  for (const font of fonts) {
    if (!font.cdn.test(script))
      throw new Error(
        `src/cms/integration.ts: @sveltia/cms no longer names ${font.cdn.source}; check its fonts after the upgrade`,
      );
    script = script.replace(font.cdn, `/admin/${fontPath(font.file)}`);
    files.set(fontPath(font.file), readFileSync(join(nodeModules, font.file)));
  }
  if (script.includes('cdn.jsdelivr.net/fontsource'))
    throw new Error('src/cms/integration.ts: @sveltia/cms names a font on jsDelivr that is not copied here');
  files.set('sveltia-cms.js', Buffer.from(script));
  // Loaded on demand, relative to the script, when a preview template is a React component.
  files.set('chunks/react-dom.js', readFileSync(join(sveltiaDist, 'chunks/react-dom.js')));
  // The preview's rules on top of the site's stylesheet (src/cms/preview.ts registers both).
  files.set('preview.css', readFileSync(fileURLToPath(new URL('./preview.css', import.meta.url))));
  return files;
}

const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  woff2: 'font/woff2',
};

export function sveltiaCms(): AstroIntegration {
  return {
    name: 'sveltia-cms',
    hooks: {
      'astro:server:setup': ({ server }) => {
        let files: Map<string, Buffer> | undefined;
        server.middlewares.use((req, res, next) => {
          const path = req.url?.startsWith('/admin/') ? req.url.slice('/admin/'.length) : '';
          files ??= cmsFiles();
          const body = files.get(path);
          if (!body) return next();
          res.setHeader('Content-Type', types[path.split('.').at(-1)!] ?? 'application/octet-stream');
          res.end(body);
        });
      },
      'astro:build:done': ({ dir }) => {
        const out = fileURLToPath(new URL('admin/', dir));
        for (const [path, body] of cmsFiles()) {
          mkdirSync(dirname(join(out, path)), { recursive: true });
          writeFileSync(join(out, path), body);
        }
      },
    },
  };
}
