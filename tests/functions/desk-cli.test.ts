// `npm run desk -- invite | audit`, run as the operator runs it: a child Node process with environment variables.
// The printed link is then accepted through the desk API with a software passkey.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskApp } from '../../functions/desk/app.ts';
import { openSqliteDeskStore, sqliteDeskPath } from '../../functions/desk-store/sqlite.ts';
import { parsePublicKeys } from '../../functions/keys.ts';
import { DeskClient } from './helpers/desk.ts';
import { SoftAuthenticator } from './helpers/soft-authenticator.ts';
import { DatabaseSync } from 'node:sqlite';

const root = fileURLToPath(new URL('../../', import.meta.url));
const origin = 'https://desk.tipline.test';

function desk(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'functions/cli/desk.ts'), ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let dir: string;
let env: Record<string, string>;
let publicKeys: string;
let fingerprints: string[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'desk-cli-'));
  const made = await Promise.all(
    ['a', 'b'].map((n) => openpgp.generateKey({ userIDs: [{ email: `${n}@taskforce.example` }], format: 'object' })),
  );
  publicKeys = made.map((k) => k.publicKey.armor()).join('\n');
  fingerprints = made.map((k) => k.publicKey.getFingerprint().toUpperCase());
  await writeFile(join(dir, 'keys.asc'), publicKeys);
  env = { DATA_DIR: join(dir, 'data'), DESK_ORIGIN: origin, TASKFORCE_PUBLIC_KEYS: join(dir, 'keys.asc') };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run desk', () => {
  it('invite prints a one-time link that registers the first coordinator, bound to the named key', async () => {
    const run = await desk(
      ['invite', '--role', 'coordinator', '--name', 'Amara', '--key', fingerprints[1]!.toLowerCase()],
      env,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const link = /https:\/\/desk\.tipline\.test\/desk\/#invite=([A-Za-z0-9_-]{43})/.exec(run.stdout);
    expect(link).not.toBeNull();
    expect(run.stdout).toContain('Amara (coordinator)');

    // The store holds the token's hash, not the token.
    const probe = new DatabaseSync(sqliteDeskPath(env.DATA_DIR!), { readOnly: true });
    expect(JSON.stringify(probe.prepare('SELECT * FROM invitations').all())).not.toContain(link![1]);
    probe.close();

    const store = openSqliteDeskStore({ dataDir: env.DATA_DIR! });
    const keys = { ...(await parsePublicKeys(publicKeys, 'test')), isDemo: false };
    const app = createDeskApp({
      store,
      keys,
      clock: { now: () => Date.now() },
      config: { origin, rpId: 'desk.tipline.test', rpName: 'Desk' },
    });
    const client = new DeskClient(app as never);
    const options = await client.json('POST', '/api/desk/auth/register/options', { token: link![1] });
    const verified = await client.json('POST', '/api/desk/auth/register/verify', {
      token: link![1],
      response: new SoftAuthenticator(origin, 'desk.tipline.test').create(options.body),
    });
    expect(verified.status).toBe(200);
    expect(verified.body.officer).toMatchObject({
      name: 'Amara',
      role: 'coordinator',
      keyFingerprint: fingerprints[1],
    });
    await store.close();

    const audit = await desk(['audit'], env);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/verifies: 3 entries/);
    const head = /head (\d+:[0-9a-f]{64})/.exec(audit.stdout)![1]!;
    expect((await desk(['audit', '--head', head], env)).code).toBe(0);
    const wrong = await desk(['audit', '--head', `3:${'0'.repeat(64)}`], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('head-mismatch');
  });

  it('says what is wrong: no DESK_ORIGIN, no or an unknown role, a missing or unknown key', async () => {
    const noDesk = await desk(['invite', '--role', 'coordinator'], { ...env, DESK_ORIGIN: '' });
    expect(noDesk.code).toBe(2);
    expect(noDesk.stderr).toContain('DESK_ORIGIN is not set');
    expect((await desk(['invite'], env)).stderr).toContain('--role must be one of coordinator, officer, auditor');
    expect((await desk(['invite', '--role', 'admin'], env)).code).toBe(2);
    const keyless = await desk(['invite', '--role', 'officer'], env);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toContain('needs a task force key');
    expect(keyless.stderr).toContain(fingerprints[0]);
    const unknown = await desk(['invite', '--role', 'officer', '--key', 'ABCD'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('not one of the configured task force keys');
    const auditor = await desk(['invite', '--role', 'auditor'], env);
    expect(auditor.code).toBe(0);
    expect((await desk(['launch'], env)).stderr).toContain('usage:');
    expect((await desk(['invite', '--bogus'], env)).code).toBe(2);
  });
});
