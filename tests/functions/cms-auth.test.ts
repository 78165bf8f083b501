// The CMS's GitHub login route, against a stand-in for GitHub's token endpoint on a real local HTTP server.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCmsAuth } from '../../functions/cms-auth/app.ts';

let github: Server;
let githubUrl = '';
const exchanged: unknown[] = [];
beforeAll(async () => {
  github = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const sent = JSON.parse(body) as { code: string; client_secret: string };
      exchanged.push(sent);
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify(
          sent.code === 'good' && sent.client_secret === 'the-secret'
            ? { access_token: 'gho_token<script>' }
            : { error: 'bad_verification_code' },
        ),
      );
    });
  });
  await new Promise<void>((r) => github.listen(0, '127.0.0.1', r));
  githubUrl = `http://127.0.0.1:${(github.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => github.close(() => r())));

let now = 1_800_000_000_000;
const auth = () => createCmsAuth({ clientId: 'the-client', clientSecret: 'the-secret', now: () => now, githubUrl });

async function start() {
  const res = await auth().request('/auth?provider=github&scope=repo');
  expect(res.status).toBe(302);
  const to = new URL(res.headers.get('location')!);
  expect(`${to.origin}${to.pathname}`).toBe(`${githubUrl}/login/oauth/authorize`);
  expect(to.searchParams.get('client_id')).toBe('the-client');
  expect(to.searchParams.get('scope')).toBe('repo');
  expect(res.headers.get('set-cookie')).toBeNull();
  return to.searchParams.get('state')!;
}

describe('CMS login (functions/cms-auth/)', () => {
  test("a code comes back with the state it went out with: the token goes to this origin's CMS window only", async () => {
    const state = await start();
    const res = await auth().request(`/callback?code=good&state=${encodeURIComponent(state)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const nonce = /script-src 'nonce-([^']+)'/.exec(res.headers.get('content-security-policy')!)![1];
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain('authorization:github:success:');
    expect(html).toContain('gho_token\\u003cscript>');
    expect(html).not.toContain("'*'");
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin-allow-popups');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(exchanged.at(-1)).toEqual({ client_id: 'the-client', client_secret: 'the-secret', code: 'good' });
  });

  test('a forged, stale or missing state is refused before GitHub is asked', async () => {
    const before = exchanged.length;
    const state = await start();
    for (const bad of ['', 'x.y', `${now}.forged`, state.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))]) {
      const res = await auth().request(`/callback?code=good&state=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(await res.text()).toContain('The sign-in link is stale');
    }
    now += 11 * 60_000;
    expect((await auth().request(`/callback?code=good&state=${encodeURIComponent(state)}`)).status).toBe(400);
    expect(exchanged.length).toBe(before);
  });

  test('a code GitHub refuses ends in a plain message, not a token', async () => {
    const res = await auth().request(`/callback?code=bad&state=${encodeURIComponent(await start())}`);
    expect(res.status).toBe(502);
    const html = await res.text();
    expect(html).toContain('authorization:github:error:');
    expect(html).not.toContain('success');
  });
});
