// The static site's security headers on Netlify and Vercel must be the Node server's, value for value.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cacheControlFor, immutable, revalidate } from '../../functions/http/cache-policy.ts';
import {
  adminHeaders,
  deskHeaders,
  pathSecurityHeaders,
  searchContentSecurityPolicy,
  securityHeaders,
} from '../../functions/http/security-headers.ts';
import { deployFiles, netlifyToml, vercelJson } from '../../scripts/write-deploy-headers.ts';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

/** The [headers.values] table of the `for = "/*"` rule, read from the TOML text. */
function netlifyHeaders(text: string): Record<string, string> {
  const rule = text.split('[[headers]]')[1] ?? '';
  expect(rule).toMatch(/for = "\/\*"/);
  const values = rule.split('[headers.values]')[1] ?? '';
  const out: Record<string, string> = {};
  for (const line of values.split('\n')) {
    const m = /^\s*([A-Za-z-]+) = "((?:[^"\\]|\\.)*)"\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/\\(["\\])/g, '$1');
  }
  return out;
}

describe('deployment configs', () => {
  it('the committed netlify.toml and vercel.json are what the script writes now', () => {
    for (const [file, render] of Object.entries(deployFiles)) expect(read(file), file).toBe(render());
  });

  it('netlify.toml sends exactly the security headers of functions/http/security-headers.ts on every path', () => {
    expect(netlifyHeaders(read('netlify.toml'))).toEqual(securityHeaders);
  });

  it('vercel.json sends exactly the same headers on every path', () => {
    const config = JSON.parse(read('vercel.json'));
    expect(config.headers[0].source).toBe('/(.*)');
    const sent = Object.fromEntries(
      config.headers[0].headers.map((h: { key: string; value: string }) => [h.key, h.value]),
    );
    expect(sent).toEqual(securityHeaders);
  });

  it("only the search pages and Pagefind's worker may run WebAssembly, on both platforms", () => {
    const vercel = JSON.parse(read('vercel.json'));
    const search = vercel.headers
      .slice(1)
      .filter((h: { source: string }) => !/^\/(_astro|admin|desk)\//.test(h.source));
    expect(search.map((h: { source: string }) => h.source)).toEqual([
      '/en/search/(.*)',
      '/es/search/(.*)',
      '/ht/search/(.*)',
      '/pagefind/pagefind-worker.js',
    ]);
    for (const rule of search)
      expect(rule.headers).toEqual([{ key: 'Content-Security-Policy', value: searchContentSecurityPolicy }]);
    expect(securityHeaders['Content-Security-Policy']).not.toContain('wasm-unsafe-eval');
    expect(searchContentSecurityPolicy).toBe(
      securityHeaders['Content-Security-Policy']!.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"),
    );
    const netlify = read('netlify.toml');
    for (const l of ['en', 'es', 'ht']) expect(netlify).toContain(`for = "/${l}/search/*"`);
    expect(netlify).toContain('for = "/pagefind/pagefind-worker.js"');
    expect(netlify.match(/wasm-unsafe-eval/g)).toHaveLength(4);
  });

  it('the CMS at /admin/ alone gets its own CSP, noindex and popups that keep their opener, on both platforms and the Node server', () => {
    const vercel = JSON.parse(read('vercel.json'));
    const admin = vercel.headers.find((h: { source: string }) => h.source.startsWith('/admin/'));
    expect(admin.source).toBe('/admin/(.*)');
    expect(Object.fromEntries(admin.headers.map((h: { key: string; value: string }) => [h.key, h.value]))).toEqual(
      adminHeaders,
    );
    const netlify = read('netlify.toml');
    const rule = netlify.split('[[headers]]').find((r) => r.includes('for = "/admin/*"'))!;
    expect(rule).toContain(`X-Robots-Tag = "noindex, nofollow"`);
    expect(pathSecurityHeaders('/admin/')).toBe(adminHeaders);
    expect(pathSecurityHeaders('/en/')).toEqual({});
    const csp = adminHeaders['Content-Security-Policy']!;
    // Scripts from this origin only; the only other origins are the Git host's API and its avatars.
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp.match(/https:\/\/[^\s;]+/g)).toEqual([
      'https://avatars.githubusercontent.com',
      'https://api.github.com',
    ]);
    expect(securityHeaders['Content-Security-Policy']).not.toContain('unsafe-inline');
  });

  it('the desk at /desk/ alone gets the strictest CSP (this origin only, no data:, no frames, no form posts) and noindex, on both platforms and the Node server', () => {
    const vercel = JSON.parse(read('vercel.json'));
    const desk = vercel.headers.find((h: { source: string }) => h.source.startsWith('/desk/'));
    expect(desk.source).toBe('/desk/(.*)');
    expect(Object.fromEntries(desk.headers.map((h: { key: string; value: string }) => [h.key, h.value]))).toEqual(
      deskHeaders,
    );
    const netlify = read('netlify.toml');
    const rule = netlify.split('[[headers]]').find((r) => r.includes('for = "/desk/*"'))!;
    expect(rule).toContain(`Content-Security-Policy = "${deskHeaders['Content-Security-Policy']}"`);
    expect(rule).toContain(`X-Robots-Tag = "noindex, nofollow"`);
    expect(pathSecurityHeaders('/desk/')).toBe(deskHeaders);
    expect(pathSecurityHeaders('/deskx/')).toEqual({});
    const csp = deskHeaders['Content-Security-Policy']!;
    expect(csp).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(csp).not.toMatch(/https?:|data:|unsafe|\*/);
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    // The public pages' policy is unchanged by the desk.
    expect(securityHeaders['Content-Security-Policy']).toContain("default-src 'self'");
  });

  it('both platforms keep hashed /_astro/ files a year, as the Node server does, and leave the rest to revalidate', () => {
    expect(cacheControlFor('/_astro/report.Bx1c2d3e.js')).toBe(immutable);
    expect(immutable).toBe('public, max-age=31536000, immutable');
    const vercel = JSON.parse(read('vercel.json'));
    const rules = vercel.headers.filter((h: { headers: { key: string }[] }) =>
      h.headers.some((x) => x.key === 'Cache-Control'),
    );
    expect(rules).toEqual([{ source: '/_astro/(.*)', headers: [{ key: 'Cache-Control', value: immutable }] }]);
    const netlify = read('netlify.toml');
    expect(netlify.match(/Cache-Control = "([^"]*)"/g)).toEqual([`Cache-Control = "${immutable}"`]);
    expect(netlify).toMatch(/for = "\/_astro\/\*"\n {2}\[headers\.values\]\n {4}Cache-Control = /);
    // Everything else: the platforms' default for static files, which the Node server sends too.
    for (const path of ['/en/report/', '/pagefind/pagefind.js', '/taskforce-keys.asc'])
      expect(cacheControlFor(path)).toBe(revalidate);
    expect(revalidate).toBe('public, max-age=0, must-revalidate');
  });

  it('a changed header value would show up in both files (the check is not vacuous)', () => {
    const changed = { ...securityHeaders, 'Referrer-Policy': 'origin' };
    expect(netlifyHeaders(netlifyToml(changed))['Referrer-Policy']).toBe('origin');
    expect(vercelJson(changed)).not.toBe(read('vercel.json'));
  });

  it('both platforms publish dist/, build with npm run build and run the forwarder every 5 minutes', () => {
    const netlify = read('netlify.toml');
    expect(netlify).toMatch(/command = "npm run build"/);
    expect(netlify).toMatch(/publish = "dist"/);
    expect(netlify).toMatch(/directory = "functions\/netlify"/);
    expect(read('functions/netlify/forward-scheduled.ts')).toMatch(/schedule: '\*\/5 \* \* \* \*'/);
    const vercel = JSON.parse(read('vercel.json'));
    expect(vercel.outputDirectory).toBe('dist');
    expect(vercel.buildCommand).toBe('npm run build');
    expect(vercel.crons).toEqual([{ path: '/api/cron/forward', schedule: '*/5 * * * *' }]);
  });
});
