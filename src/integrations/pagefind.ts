// Builds the Pagefind search index after the site is built, through Pagefind's Node API (as Starlight does), so a
// failed index fails the build. Pagefind splits the index by each page's <html lang>: one index per language.
// Only elements marked data-pagefind-body are indexed (the articles, not the menus, forms or English fallbacks).
import type { AstroIntegration } from 'astro';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

function check<T extends { errors: string[] }>(step: string, response: T): T {
  if (response.errors.length > 0) throw new Error(`Pagefind ${step} failed:\n${response.errors.join('\n')}`);
  return response;
}

export function pagefindIndex(): AstroIntegration {
  return {
    name: 'pagefind-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { index } = await pagefind.createIndex({});
        if (!index) throw new Error('Pagefind could not create an index');
        const added = check('indexing', await index.addDirectory({ path: fileURLToPath(dir) }));
        const output = fileURLToPath(new URL('./pagefind/', dir));
        check('writing', await index.writeFiles({ outputPath: output }));
        await pagefind.close();
        // The site has its own search form (src/components/Search/): Pagefind's ready-made interfaces are not used.
        for (const name of readdirSync(output)) {
          if (/^pagefind-(ui|component-ui|modular-ui|highlight)\.(js|css)$/.test(name)) rmSync(join(output, name));
        }
        logger.info(`Pagefind indexed ${added.page_count} pages`);
      },
    },
  };
}
