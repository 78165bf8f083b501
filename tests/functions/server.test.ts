// The self-hosted server as `npm run serve` starts it: a child process with a temporary DATA_DIR.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { openSqliteQueue } from '../../functions/queue/sqlite.ts';
import { receiptHash } from '../../functions/tips/store.ts';

const root = resolve(import.meta.dirname, '../..');
const distIndex = join(root, 'dist', 'index.html');
// The static part needs the built site. `npm test` builds it first; a bare `vitest run` on a fresh clone has no
// dist/, and then this file is skipped rather than failing for a reason that is not the server's.
const haveDist = existsSync(distIndex);

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

describe.skipIf(!haveDist)('Node server (functions/node/server.ts), needs dist/ from `npm run build`', () => {
  let child: ChildProcess;
  let dataDir: string;
  let base: string;
  let output = '';
  const marker = 'MARKER-SERVER-REPORT';
  // A tip left in the queue from a run with other keys (the demo key of a first try, or keys replaced since).
  const strandedCode = newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'server-'));
    const stranger = (await openpgp.generateKey({ userIDs: [{ name: 'An earlier demo key' }], format: 'object' })).publicKey;
    const stranded = openSqliteQueue({ dataDir });
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'stranded' }), encryptionKeys: stranger });
    await stranded.enqueue({ id: randomUUID(), armored, receiptHash: receiptHash(strandedCode) }, Date.now());
    await stranded.close();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, PORT: String(port), ALTCHA_COST: '1' };
    for (const name of ['SMTP_URL', 'TIP_MAIL_FROM', 'TIP_MAIL_TO', 'TASKFORCE_PUBLIC_KEYS']) delete env[name];
    child = spawn(process.execPath, [join(root, 'functions/node/server.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 20_000);
      const check = () => {
        if (output.includes('Tip line and site at')) {
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => fail(new Error(`server exited (${code}):\n${output}`)));
    });
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says loudly that it uses demo keys and that SMTP is not configured', async () => {
    // The warnings go to stderr, the address line to stdout: two pipes, so give stderr a moment to arrive.
    for (let i = 0; i < 50 && !output.includes('SMTP IS NOT CONFIGURED'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(output).toContain(`Tip line and site at ${base}/`);
    expect(output).toContain('DEMO KEYS: tips are encrypted to a demo key pair');
    expect(output).toContain('SMTP IS NOT CONFIGURED: tips are accepted and stay queued');
  });

  it('says loudly at start that a queued tip is sealed to other keys, keeps it out of the mail, and tells its tipster', async () => {
    for (let i = 0; i < 50 && !output.includes('NOT SEALED'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(output).toContain('1 QUEUED TIP WAS NOT SEALED TO THE CONFIGURED TASK FORCE KEYS');
    const json = await fetch(`${base}/api/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt: strandedCode }) });
    expect(await json.json()).toEqual({ status: 'undeliverable' });
    const page = await fetch(`${base}/api/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ receipt: strandedCode, lang: 'es' }).toString(),
    });
    const html = await page.text();
    expect(html).toContain('Su denuncia no se pudo entregar al grupo de trabajo y ya no se entregará.');
    expect(html).toContain('href="/es/report/"');
  });

  it('serves the built pages with the security headers, / → /en/, and 404.html with status 404', async () => {
    const home = await fetch(`${base}/`, { redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/en/');
    const page = await fetch(`${base}/en/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(html).toBe(readFileSync(join(root, 'dist', 'en', 'index.html'), 'utf8'));
    const missing = await fetch(`${base}/no/such/page/`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toContain("default-src 'self'");
    if (existsSync(join(root, 'dist', '404.html'))) {
      expect(await missing.text()).toBe(readFileSync(join(root, 'dist', '404.html'), 'utf8'));
    }
    // Dot segments never escape dist/.
    const escape = await fetch(`${base}/..%2f..%2fpackage.json`);
    expect(escape.status).toBe(404);
  });

  it('serves the keys it encrypts to at /taskforce-keys.asc', async () => {
    const response = await fetch(`${base}/taskforce-keys.asc`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/pgp-keys');
    const served = await response.text();
    const key = await openpgp.readKey({ armoredKey: served });
    const demo = await openpgp.readKey({ armoredKey: readFileSync(join(dataDir, 'demo-keys', 'public.asc'), 'utf8') });
    expect(key.getFingerprint()).toBe(demo.getFingerprint());
  });

  it('takes a tip over HTTP, keeps it across SIGTERM, and logs nothing of it', async () => {
    const challenge = await (await fetch(`${base}/api/altcha`)).json();
    const solution = await solveChallenge({ challenge, deriveKey });
    const keys = await openpgp.readKey({ armoredKey: await (await fetch(`${base}/taskforce-keys.asc`)).text() });
    const ciphertext = await openpgp.encrypt({ message: await openpgp.createMessage({ text: marker }), encryptionKeys: keys });
    const receipt = newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));
    const response = await fetch(`${base}/api/tips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ciphertext, receipt, altcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64') }),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const status = await fetch(`${base}/api/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ receipt }),
    });
    expect(await status.json()).toEqual({ status: 'waiting' });

    child.kill('SIGTERM');
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(output).not.toContain(marker);
    expect(output).not.toContain(receipt);
    expect(output).not.toMatch(/GET \/|POST \//); // no access log

    const queue = openSqliteQueue({ dataDir });
    const [tip] = await queue.claim(Date.now(), 60_000, 10);
    await queue.close();
    const privateKey = await openpgp.readPrivateKey({ armoredKey: readFileSync(join(dataDir, 'demo-keys', 'private.asc'), 'utf8') });
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: tip!.armored }), decryptionKeys: privateKey });
    expect(data).toBe(marker);
  });
});
