// The desk inside the tip line's app: mounted only when configured, under /api/desk/ only; nothing public changes
// without it; no cookie is set by any other route; the site's headers and no-store apply to it.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/app.ts';
import { loadConfig } from '../../functions/config.ts';
import { DeskConfigError, loadDeskConfig } from '../../functions/desk/config.ts';
import { openDesk, type OpenedDesk } from '../../functions/runtime/desk.ts';
import { defaultLifetimes } from '../../functions/desk/context.ts';
import { createInvitation } from '../../functions/desk/invitations.ts';
import { sqliteDeskPath } from '../../functions/desk-store/sqlite.ts';
import { createMemoryRateLimiter } from '../../functions/limiter/memory.ts';
import type { TipQueue, UploadStaging } from '../../functions/ports.ts';
import { openSqliteQueue } from '../../functions/queue/sqlite.ts';
import { createMemoryReplayStore } from '../../functions/replay/memory.ts';
import { openSqliteStaging } from '../../functions/staging/sqlite.ts';
import { DeskClient, deskConfig, t0, testKeys } from './helpers/desk.ts';
import { SoftAuthenticator } from './helpers/soft-authenticator.ts';

let dataDir: string;
let queue: TipQueue;
let staging: UploadStaging;
let desk: OpenedDesk | null;
const opened: OpenedDesk[] = [];
const peer = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
const clock = { now: () => t0 };

async function tipLineApp(withDesk: boolean): Promise<Hono> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ALTCHA_COST: '1' });
  const { keys } = await testKeys();
  if (withDesk) {
    desk = openDesk(loadDeskConfig({ DESK_ORIGIN: deskConfig.origin }, false)!, { config, keys, clock, redis: null });
    opened.push(desk!);
  }
  return createApp({
    config,
    queue,
    staging,
    keys,
    clock,
    limiter: createMemoryRateLimiter({ max: 100, windowMs: 60_000, clock }),
    threadLimiter: createMemoryRateLimiter({ max: 100, windowMs: 60_000, clock }),
    replay: createMemoryReplayStore({ clock }),
    desk: withDesk ? desk!.app : undefined,
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'desk-mount-'));
  queue = openSqliteQueue({ dataDir });
  staging = openSqliteStaging({ dataDir });
});
afterAll(async () => {
  await queue.close();
  await staging.close();
  for (const d of opened) await d.store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const publicRequests: Array<[string, string, Record<string, string>?, string?]> = [
  ['GET', '/api/altcha'],
  ['POST', '/api/status', { 'content-type': 'application/json' }, '{"receipt":"x"}'],
  ['GET', '/api/no-such-route'],
  ['GET', '/en/'],
];

describe('without DESK_ORIGIN', () => {
  it("there is no desk: /api/desk/* is the API's plain 404, no cookie, no store file", async () => {
    expect(loadDeskConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }, false)).toBeNull();
    const app = await tipLineApp(false);
    for (const path of ['/api/desk/auth/login/options', '/api/desk/session']) {
      const res = await app.request(`http://localhost${path}`, {
        method: path.endsWith('options') ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        body: path.endsWith('options') ? '{}' : undefined,
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not-found', message: 'No such API route.' } });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(existsSync(sqliteDeskPath(dataDir))).toBe(false);
  });
});

describe('with DESK_ORIGIN', () => {
  it("the desk answers under /api/desk/, with the site's headers and no-store; no other route sets a cookie", async () => {
    const app = await tipLineApp(true);
    const client = new DeskClient(app, peer('203.0.113.7'));
    const auth = new SoftAuthenticator(deskConfig.origin, deskConfig.rpId);
    const { keys, coordinator } = await testKeys();
    const { link } = await createInvitation(
      { store: desk!.store, keys, origin: deskConfig.origin, lifetimes: defaultLifetimes },
      { name: 'First', role: 'coordinator', keyFingerprint: coordinator.fingerprint, invitedBy: null },
      t0,
    );
    const token = link.split('#invite=')[1]!;
    const options = await client.json('POST', '/api/desk/auth/register/options', { token });
    expect(options.status).toBe(200);
    const verified = await client.json('POST', '/api/desk/auth/register/verify', {
      token,
      response: auth.create(options.body),
    });
    expect(verified.status).toBe(200);
    client.csrf = verified.body.csrf;
    const session = await client.call('GET', '/api/desk/session');
    expect(session.status).toBe(200);
    expect(session.headers.get('cache-control')).toBe('no-store');
    expect(session.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(session.headers.get('x-frame-options')).toBe('DENY');

    // The signed-in browser's cookie goes with every request to the origin; nothing but /api/desk/ sets one.
    for (const [method, path, headers, body] of publicRequests) {
      const res = await client.call(method, path, body, headers ?? {});
      expect(res.headers.getSetCookie(), path).toEqual([]);
    }
    // All it was ever given: the ceremony cookie (register/options), the session and the ceremony's removal (verify).
    expect(client.setCookies.map((line) => line.split('=')[0])).toEqual([
      '__Host-desk-ceremony',
      '__Host-desk-session',
      '__Host-desk-ceremony',
    ]);
  });

  it('passkey ceremonies are rate-limited per client network, and refused without a client address', async () => {
    const app = await tipLineApp(true);
    const client = new DeskClient(app, peer('198.51.100.20'));
    for (let i = 0; i < 30; i++)
      expect((await client.call('POST', '/api/desk/auth/login/options', {})).status).toBe(200);
    const refused = await client.call('POST', '/api/desk/auth/login/options', {});
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.getSetCookie()).toEqual([]);
    // The same /24 shares the limit; another network does not.
    expect(
      (await new DeskClient(app, peer('198.51.100.99')).call('POST', '/api/desk/auth/login/options', {})).status,
    ).toBe(429);
    expect((await new DeskClient(app, peer('192.0.2.1')).call('POST', '/api/desk/auth/login/options', {})).status).toBe(
      200,
    );
    expect((await new DeskClient(app).call('POST', '/api/desk/auth/login/options', {})).status).toBe(503);
  });

  it("a cross-site request to the desk is refused by the tip line's own check first", async () => {
    const app = await tipLineApp(true);
    const res = await app.request('http://localhost/api/desk/auth/login/options', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe('DESK_ORIGIN', () => {
  it('is an https origin with a host name (http only for localhost outside production)', () => {
    expect(loadDeskConfig({}, true)).toBeNull();
    expect(loadDeskConfig({ DESK_ORIGIN: 'https://desk.tipline.example' }, true)).toEqual({
      origin: 'https://desk.tipline.example',
      rpId: 'desk.tipline.example',
      rpName: 'Task force desk',
    });
    expect(loadDeskConfig({ DESK_ORIGIN: 'http://localhost:4406/', DESK_RP_NAME: 'Desk' }, false)).toEqual({
      origin: 'http://localhost:4406',
      rpId: 'localhost',
      rpName: 'Desk',
    });
    for (const [value, production] of [
      ['http://localhost:4406', true],
      ['http://desk.tipline.example', false],
      ['https://127.0.0.1', false],
      ['https://desk.tipline.example/desk/', false],
      ['desk.tipline.example', false],
    ] as const) {
      expect(() => loadDeskConfig({ DESK_ORIGIN: value }, production), value).toThrow(DeskConfigError);
    }
  });
});
