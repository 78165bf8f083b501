// The desk's own host name (DESK_ORIGIN) serves the desk and nothing else: its page, what that page loads (the
// bundled scripts, styles and key worker under /_astro/, the stylesheet and its fonts, the icon) and its API. A
// public page served there would share the desk's origin, so a flaw in any public page, or in the CMS, would reach
// signed-in officers (docs/desk.md, "Cookies and the public site"). Anything else under that host name is a plain
// 404 (not the public 404 page, which is a public page too), and the bare host name leads to the desk.
//
// A wrapper around the app's fetch rather than a middleware: it must come before the tip line's own /api/ routes,
// which the app registers first, and see the 404s the app answers (a missing file) to replace them.
import type { Hono } from 'hono';
import { deskPathPrefix, deskHeaders, securityHeaders } from '../http/security-headers.ts';

type Fetch = Hono['fetch'];

const deskApiPrefix = '/api/desk/';
/** Files and folders of the built site the desk page loads (dist/desk/index.html and the CSS it links). */
const assetPrefixes = [deskPathPrefix, '/_astro/', '/fonts/'];
const assetFiles = ['/desk', '/site.css', '/favicon.svg'];

/** Whether the desk host serves this request at all (the desk API decides its own methods). */
export function deskHostServes(method: string, path: string): boolean {
  if (path.startsWith(deskApiPrefix)) return true;
  if (method !== 'GET' && method !== 'HEAD') return false;
  return assetFiles.includes(path) || assetPrefixes.some((prefix) => path.startsWith(prefix));
}

function answer(status: number, body: string | null, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: {
      ...securityHeaders,
      ...deskHeaders,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    },
  });
}

/** The app's fetch, limited under the desk's host name to what the desk needs; other host names pass through. */
export function deskHostOnly(fetch: Fetch, deskHost: string): Fetch {
  return async (request, env, executionContext) => {
    const url = new URL(request.url);
    if (url.host !== deskHost) return fetch(request, env, executionContext);
    if (url.pathname === '/') return answer(302, null, { Location: deskPathPrefix });
    if (!deskHostServes(request.method, url.pathname)) return answer(404, 'Not found');
    const response = await fetch(request, env, executionContext);
    // A file that is not there: the app's answer would be the public site's 404 page.
    if (response.status === 404 && !url.pathname.startsWith(deskApiPrefix)) {
      await response.body?.cancel();
      return answer(404, 'Not found');
    }
    return response;
  };
}
