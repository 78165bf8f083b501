// The GitHub login for the CMS (/admin/), so that staff sign in without a third-party service of ours: Sveltia CMS
// opens /api/cms-auth/auth in a popup, GitHub sends the popup back to /api/cms-auth/callback with a code, and this
// route trades the code for a token with the OAuth app's secret (CMS_GITHUB_CLIENT_SECRET, from the environment
// only) and hands the token to the CMS window on this same origin (Decap's postMessage protocol, which Sveltia
// speaks). No cookie: the state is a signed timestamp. Nothing is stored or logged.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';

export interface CmsAuthOptions {
  clientId: string;
  clientSecret: string;
  now: () => number;
  /** GitHub, or a test's stand-in. */
  githubUrl?: string;
  fetch?: typeof fetch;
}

const stateMaxAgeMs = 10 * 60_000;
const sign = (secret: string, text: string) =>
  createHmac('sha256', secret).update(`cms-auth:${text}`).digest('base64url');

export function createCmsAuth(o: CmsAuthOptions): Hono {
  const github = o.githubUrl ?? 'https://github.com';
  const doFetch = o.fetch ?? fetch;
  const app = new Hono();

  app.get('/auth', (c) => {
    const issued = String(o.now());
    const url = new URL('/login/oauth/authorize', github);
    url.search = new URLSearchParams({
      client_id: o.clientId,
      scope: 'repo',
      state: `${issued}.${sign(o.clientSecret, issued)}`,
    }).toString();
    return c.redirect(url.toString(), 302);
  });

  app.get('/callback', async (c) => {
    const code = c.req.query('code') ?? '';
    const [issued = '', mac = ''] = (c.req.query('state') ?? '').split('.');
    const expected = Buffer.from(sign(o.clientSecret, issued));
    const fresh = /^\d{1,15}$/.test(issued) && o.now() - Number(issued) < stateMaxAgeMs;
    if (
      !fresh ||
      !/^[\w-]{1,200}$/.test(code) ||
      mac.length !== expected.length ||
      !timingSafeEqual(Buffer.from(mac), expected)
    ) {
      return page(c, 400, {
        error: 'The sign-in link is stale or was not started here. Close this window and sign in again.',
      });
    }
    const response = await doFetch(new URL('/login/oauth/access_token', github), {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_id: o.clientId, client_secret: o.clientSecret, code }),
    }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as { access_token?: unknown } | null;
    if (!response?.ok || typeof body?.access_token !== 'string') {
      return page(c, 502, { error: 'GitHub did not accept the sign-in. Close this window and try again.' });
    }
    return page(c, 200, { token: body.access_token });
  });

  return app;
}

/** The popup's page: posts the result to the CMS window on this origin, with a script allowed by its nonce alone. */
function page(c: Context, status: 200 | 400 | 502, result: { token: string } | { error: string }) {
  const nonce = randomBytes(16).toString('base64');
  const message =
    'token' in result
      ? `authorization:github:success:${JSON.stringify({ token: result.token, provider: 'github' })}`
      : `authorization:github:error:${JSON.stringify({ message: result.error })}`;
  // JSON in a script: < is escaped so no text can close the script element.
  const data = JSON.stringify(message).replace(/</g, '\\u003c');
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Signing in</title><p>${'token' in result ? 'Signed in. This window closes by itself.' : result.error}</p>
<script nonce="${nonce}">(() => { const message = ${data}; const origin = location.origin;
window.addEventListener('message', (e) => { if (e.origin === origin && window.opener) window.opener.postMessage(message, origin); }, { once: true });
if (window.opener) window.opener.postMessage('authorizing:github', origin); })();</script></html>`;
  return c.html(html, status, {
    'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`,
    'Cross-Origin-Opener-Policy': 'same-origin-allow-popups',
    'Cache-Control': 'no-store',
  });
}

/** The CMS login is on when its OAuth app is configured (CMS_GITHUB_CLIENT_ID and CMS_GITHUB_CLIENT_SECRET). */
export function cmsAuthFromEnv(env: Record<string, string | undefined>, now: () => number): CmsAuthOptions | undefined {
  const clientId = env.CMS_GITHUB_CLIENT_ID;
  const clientSecret = env.CMS_GITHUB_CLIENT_SECRET;
  return clientId && clientSecret ? { clientId, clientSecret, now } : undefined;
}
