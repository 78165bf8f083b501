// The one definition of the site's security headers. The Node server applies it to every response, and
// scripts/write-deploy-headers.ts writes the same values into the Netlify and Vercel configs.

const policy = (scriptSrc: string) =>
  [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');

const contentSecurityPolicy = policy("'self'");
/** Pagefind's search runs WebAssembly, which needs 'wasm-unsafe-eval' (no eval of JavaScript): on the search page alone. */
export const searchContentSecurityPolicy = policy("'self' 'wasm-unsafe-eval'");

/**
 * The search pages, one per language (/<lang>/search/), and Pagefind's worker, which runs the WebAssembly under
 * the CSP of its own response.
 */
const searchPagePattern = /^\/(?:[a-z]{2,3}\/search\/(?:index\.html)?|pagefind\/pagefind-worker\.js)$/;
export const searchWorkerPath = '/pagefind/pagefind-worker.js';

/**
 * The CMS for campaign staff (/admin/, Sveltia CMS) has its own policy, and only there: its script and styles come from
 * this origin (Svelte sets inline styles, hence 'unsafe-inline' for styles, never for scripts); it talks only to this
 * origin and the configured Git host (GitHub's API, and GitHub's avatars for the signed-in user); its preview is an
 * in-page frame (which sets its own <base>, hence base-uri 'self'). Popups keep their opener, for the GitHub login window (functions/cms-auth/).
 */
export const adminContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https://avatars.githubusercontent.com",
  "font-src 'self' data:",
  "connect-src 'self' https://api.github.com",
  "media-src 'self' blob:",
  "frame-src 'self' blob:",
  "worker-src 'self' blob:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');
export const adminPathPrefix = '/admin/';
export const adminHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': adminContentSecurityPolicy,
  'Cross-Origin-Opener-Policy': 'same-origin-allow-popups',
  'X-Robots-Tag': 'noindex, nofollow',
};

/**
 * The task force desk (/desk/) has the strictest policy of all: nothing but this origin, and less of it than the
 * public pages (no data: images, no frames, no form posts; blob: only for attachments the officer's browser
 * decrypted, shown and downloaded as blobs). Its script talks only to /api/desk/. Not for search engines. The page
 * itself is the same static file for everyone (what an officer sees comes from the API, which answers no-store).
 */
export const deskContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');
export const deskPathPrefix = '/desk/';
export const deskHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': deskContentSecurityPolicy,
  'X-Robots-Tag': 'noindex, nofollow',
};

/** Headers that differ from the site-wide ones on some paths (set over them). */
export function pathSecurityHeaders(path: string): Readonly<Record<string, string>> {
  if (path.startsWith(adminPathPrefix)) return adminHeaders;
  if (path.startsWith(deskPathPrefix)) return deskHeaders;
  return searchPagePattern.test(path) ? { 'Content-Security-Policy': searchContentSecurityPolicy } : {};
}

export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'Permissions-Policy':
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Adds the security headers to a response's headers, keeping any a handler set itself. */
export function applySecurityHeaders(headers: Headers): void {
  for (const [name, value] of Object.entries(securityHeaders)) {
    if (!headers.has(name)) headers.set(name, value);
  }
}
