// How long browsers may keep the site's files: the one table the Node server applies (functions/node/static-files.ts)
// and scripts/write-deploy-headers.ts writes into the Netlify and Vercel configs.
//
// Files under /_astro/ carry a hash of their content in their name (Astro's bundles, styles, fonts and pictures):
// a changed file gets a new name, so a copy can be kept for a year without asking. Everything else (pages, the
// search index, the key file, printed materials) keeps its name when it changes: a browser may keep a copy but asks
// each time whether it is still current, which costs one small 304 answer on a slow network. That is also the
// default both platforms give static files, so their configs only need the first rule.

export const immutable = 'public, max-age=31536000, immutable';
export const revalidate = 'public, max-age=0, must-revalidate';

/** The folder whose files are named by their content's hash. */
export const hashedAssetsPrefix = '/_astro/';

export function cacheControlFor(path: string): string {
  return path.startsWith(hashedAssetsPrefix) ? immutable : revalidate;
}
