// Vite wraps every lazy import() in a preload helper that adds <link rel=modulepreload> for the lazy chunk's own
// imports and its CSS. The site preloads nothing (modulePreload is off for the browser build) and its lazy chunks
// import no CSS, so the helper only ever calls the import; yet it is about 0.9 KB gzip of script, and once two
// pages use lazy imports it becomes a shared chunk every such page downloads first, which put the report page over
// its 2 KB budget. This replaces the helper's body with the call it makes, and stops the build if any lazy import
// ever needs a dependency preloaded (the helper would then be needed again).
import type { Plugin } from 'vite';

const helperId = '\0vite/preload-helper.js';
const preloadList = '__vite__mapDeps';

export function leanPreloadHelper(): Plugin {
  return {
    name: 'skn:lean-preload-helper',
    applyToEnvironment: (environment) => environment.name === 'client',
    // Per environment (Astro sets build.modulePreload itself for the whole build).
    configEnvironment: (name) => (name === 'client' ? { build: { modulePreload: false } } : undefined),
    renderChunk(code, chunk) {
      if (chunk.moduleIds.length !== 1 || chunk.moduleIds[0] !== helperId) return null;
      const exportAt = code.lastIndexOf('export {');
      if (exportAt < 0) this.error('the preload helper chunk has no export statement: Vite changed its shape');
      return { code: `var __vitePreload = (load) => load();\n${code.slice(exportAt)}`, map: null };
    },
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk' && file.code.includes(preloadList)) {
          this.error(`${file.fileName} preloads dependencies of a lazy import; the lean preload helper cannot`);
        }
      }
    },
  };
}
