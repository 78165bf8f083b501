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

/** Headers that differ from the site-wide ones on some paths (set over them). */
export function pathSecurityHeaders(path: string): Readonly<Record<string, string>> {
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
