// Builds the real desk for tests (SQLite desk store in a temp dir, two task force keys made with OpenPGP.js, a clock
// the test moves) and a browser-like client: a cookie jar, the headers a same-origin fetch sends, the CSRF token.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import * as openpgp from 'openpgp';
import { createDeskApp } from '../../../functions/desk/app.ts';
import type { DeskConfig } from '../../../functions/desk/config.ts';
import { defaultLifetimes } from '../../../functions/desk/context.ts';
import { createInvitation } from '../../../functions/desk/invitations.ts';
import { openSqliteDeskStore } from '../../../functions/desk-store/sqlite.ts';
import type { DeskStore, Role } from '../../../functions/desk-ports.ts';
import { parsePublicKeys, type TaskForceKeys } from '../../../functions/keys.ts';
import { SoftAuthenticator } from './soft-authenticator.ts';

export const deskConfig: DeskConfig = {
  origin: 'https://desk.tipline.test',
  rpId: 'desk.tipline.test',
  rpName: 'Test desk',
};

export interface OfficerKey {
  privateKey: openpgp.PrivateKey;
  fingerprint: string;
}

async function makeKey(name: string): Promise<{ key: OfficerKey; armoredPublic: string }> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    userIDs: [{ name, email: `${name.toLowerCase().replace(/\W/g, '')}@tipline.test` }],
    format: 'armored',
  });
  const key = await openpgp.readPrivateKey({ armoredKey: privateKey });
  return { key: { privateKey: key, fingerprint: key.getFingerprint().toUpperCase() }, armoredPublic: publicKey };
}

// Made once per test file: key generation is the slow part.
let keyMaterial:
  Promise<{ coordinator: OfficerKey; officer: OfficerKey; outsider: OfficerKey; keys: TaskForceKeys }> | undefined;
export function testKeys() {
  keyMaterial ??= (async () => {
    const [coordinator, officer, outsider] = await Promise.all([
      makeKey('Coordinator'),
      makeKey('Officer'),
      makeKey('Outsider'),
    ]);
    const parsed = await parsePublicKeys(`${coordinator.armoredPublic}\n${officer.armoredPublic}`, 'test keys');
    return {
      coordinator: coordinator.key,
      officer: officer.key,
      outsider: outsider.key,
      keys: { ...parsed, isDemo: false },
    };
  })();
  return keyMaterial;
}

/** A parsed JSON answer: the tests read it by shape, and an assertion fails when the shape is wrong. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;

export class DeskClient {
  readonly cookies = new Map<string, string>();
  csrf: string | null = null;
  /** Every Set-Cookie header this client received, raw. */
  readonly setCookies: string[] = [];

  private readonly app: Hono;
  /** What @hono/node-server passes the app (the TCP peer), when the test needs a client address. */
  private readonly env: unknown;

  constructor(app: Hono, env?: unknown) {
    this.app = app;
    this.env = env;
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { 'sec-fetch-site': 'same-origin', origin: deskConfig.origin };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (this.cookies.size > 0) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf) h['x-desk-csrf'] = this.csrf;
    for (const [k, v] of Object.entries(headers)) {
      if (v === '') delete h[k];
      else h[k] = v;
    }
    const response = await this.app.request(
      `https://desk.tipline.test${path}`,
      {
        method,
        headers: h,
        body:
          body === undefined || typeof body === 'string' || body instanceof ReadableStream
            ? body
            : JSON.stringify(body),
        // A stream is sent as it comes, without a declared length (chunked).
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit,
      this.env,
    );
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async json(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const response = await this.call(method, path, body);
    return { status: response.status, body: await response.json() };
  }
}

export interface TestDesk {
  app: Hono;
  store: DeskStore;
  clock: { now(): number; advance(ms: number): void };
  keys: TaskForceKeys;
  officerKeys: { coordinator: OfficerKey; officer: OfficerKey; outsider: OfficerKey };
  client(): DeskClient;
  authenticator(): SoftAuthenticator;
  /** An invitation as the CLI makes it; returns its one-time token. */
  invite(role: Role, key?: OfficerKey | null, name?: string): Promise<string>;
  /** Accepts an invitation with a new passkey on `auth`; the client is then signed in. */
  register(client: DeskClient, auth: SoftAuthenticator, token: string): Promise<{ status: number; body: Json }>;
  login(client: DeskClient, auth: SoftAuthenticator): Promise<{ status: number; body: Json }>;
  /** A signed-in client with a fresh passkey, of this role. */
  signedIn(role: Role): Promise<{ client: DeskClient; auth: SoftAuthenticator; officerId: string }>;
  /** What the officer's browser sends for a sensitive action: a fresh challenge signed with `key`. */
  stepUp(
    client: DeskClient,
    action: string,
    object: string,
    key: OfficerKey,
  ): Promise<{ challenge: string; signature: string }>;
  /** Encrypts like the desk's record copy: to every task force key. */
  encryptRecord(text: string, keys?: openpgp.PublicKey[]): Promise<string>;
  close(): Promise<void>;
}

export const t0 = Date.UTC(2031, 0, 15, 10, 20, 30);

/** A desk app over the embedded store in a fresh directory, or over the store `openStore` gives (e.g. Redis). */
export async function makeDesk(openStore?: () => DeskStore): Promise<TestDesk> {
  const dataDir = await mkdtemp(join(tmpdir(), 'desk-'));
  const store = openStore ? openStore() : openSqliteDeskStore({ dataDir });
  let now = t0;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const { keys, ...officerKeys } = await testKeys();
  const app = createDeskApp({ store, keys, clock, config: deskConfig }) as unknown as Hono;

  const desk: TestDesk = {
    app,
    store,
    clock,
    keys,
    officerKeys,
    client: () => new DeskClient(app),
    authenticator: () => new SoftAuthenticator(deskConfig.origin, deskConfig.rpId),
    async invite(role, key, name = `Test ${role}`) {
      const fingerprint =
        key === undefined
          ? role === 'auditor'
            ? null
            : officerKeys[role === 'coordinator' ? 'coordinator' : 'officer'].fingerprint
          : (key?.fingerprint ?? null);
      const { link } = await createInvitation(
        { store, keys, origin: deskConfig.origin, lifetimes: defaultLifetimes },
        { name, role, keyFingerprint: fingerprint, invitedBy: null },
        clock.now(),
      );
      return link.split('#invite=')[1]!;
    },
    async register(client, auth, token) {
      const options = await client.json('POST', '/api/desk/auth/register/options', { token });
      if (options.status !== 200) return options;
      const result = await client.json('POST', '/api/desk/auth/register/verify', {
        token,
        response: auth.create(options.body),
      });
      if (result.status === 200) client.csrf = result.body.csrf;
      return result;
    },
    async login(client, auth) {
      const options = await client.json('POST', '/api/desk/auth/login/options', {});
      const result = await client.json('POST', '/api/desk/auth/login/verify', { response: auth.get(options.body) });
      if (result.status === 200) client.csrf = result.body.csrf;
      return result;
    },
    async signedIn(role) {
      const client = desk.client();
      const auth = desk.authenticator();
      const result = await desk.register(client, auth, await desk.invite(role));
      if (result.status !== 200) throw new Error(`registration failed: ${JSON.stringify(result.body)}`);
      return { client, auth, officerId: result.body.officer.id as string };
    },
    async stepUp(client, action, object, key) {
      const issued = await client.json('POST', '/api/desk/step-up', { action, object });
      if (issued.status !== 200) throw new Error(`step-up refused: ${JSON.stringify(issued.body)}`);
      const challenge = issued.body.challenge as string;
      const signature = await openpgp.sign({
        message: await openpgp.createMessage({ text: challenge }),
        signingKeys: key.privateKey,
        detached: true,
      });
      return { challenge, signature: signature as string };
    },
    async encryptRecord(text, encryptionKeys = keys.keys) {
      return (await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys })) as string;
    },
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return desk;
}
