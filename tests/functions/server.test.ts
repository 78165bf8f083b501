// The self-hosted server as `npm run serve` starts it: a child process with a temporary DATA_DIR.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { openSqliteQueue } from '../../functions/queue/sqlite.ts';
import { codeLookupHash } from '../../functions/tips/store.ts';

const root = resolve(import.meta.dirname, '../..');
const distIndex = join(root, 'dist', 'index.html');
// The static part needs the built site. `npm test` builds it first; a bare `vitest run` on a fresh clone has no
// dist/, and then this file is skipped rather than failing for a reason that is not the server's.
const haveDist = existsSync(distIndex);

/** A GET (or HEAD) with exactly these headers, the body as sent: fetch would decompress it and add its own. */
function rawGet(
  url: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

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
  /** The desk's own host name (DESK_ORIGIN); the public one is 127.0.0.1. */
  let deskHost: string;
  let output = '';
  const marker = 'MARKER-SERVER-REPORT';
  // A tip left in the queue from a run with other keys (the demo key of a first try, or keys replaced since).
  const strandedCode = newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'server-'));
    const stranger = (await openpgp.generateKey({ userIDs: [{ name: 'An earlier demo key' }], format: 'object' }))
      .publicKey;
    const stranded = openSqliteQueue({ dataDir });
    const armored = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'stranded' }),
      encryptionKeys: stranger,
    });
    await stranded.enqueue({ id: randomUUID(), armored, receiptHash: await codeLookupHash(strandedCode) }, Date.now());
    await stranded.close();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    deskHost = `localhost:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PORT: String(port),
      ALTCHA_COST: '1',
      DESK_ORIGIN: `http://${deskHost}`,
    };
    for (const name of ['SMTP_URL', 'TIP_MAIL_FROM', 'TIP_MAIL_TO', 'TASKFORCE_PUBLIC_KEYS']) delete env[name];
    child = spawn(process.execPath, [join(root, 'functions/node/server.ts')], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 45_000);
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
    for (let i = 0; i < 50 && !output.includes('SMTP IS NOT CONFIGURED'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(output).toContain(`Tip line and site at ${base}/`);
    expect(output).toContain('DEMO KEYS: tips are encrypted to a demo key pair');
    expect(output).toContain('SMTP IS NOT CONFIGURED: tips are accepted and stay queued');
  });

  it('says loudly at start that a queued tip is sealed to other keys, keeps it out of the mail, and tells its tipster', async () => {
    for (let i = 0; i < 50 && !output.includes('NOT SEALED'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(output).toContain('1 QUEUED TIP WAS NOT SEALED TO THE CONFIGURED TASK FORCE KEYS');
    const json = await fetch(`${base}/api/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ receipt: strandedCode }),
    });
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

  it('under the desk host name serves the desk page, what it loads and its API, and 404s everything else', async () => {
    const desk = (path: string, method = 'GET') => rawGet(`${base}${path}`, { host: deskHost }, method);
    const page = await desk('/desk/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self';/);
    // Everything the built page loads: its links and scripts, the stylesheet's fonts, the key worker its script starts.
    const html = page.body.toString();
    const loaded = [...html.matchAll(/(?:href|src)="(\/[^"]*)"/g)].map((m) => m[1]!);
    expect(loaded).toEqual(expect.arrayContaining(['/site.css', '/favicon.svg']));
    const css = (await desk('/site.css')).body.toString();
    loaded.push(...[...css.matchAll(/url\('?(\/[^')]+)'?\)/g)].map((m) => m[1]!));
    const script = loaded.find((p) => p.endsWith('.js'))!;
    const worker = (await desk(script)).body.toString().match(/\/_astro\/key-worker-[\w-]+\.js/)?.[0];
    expect(worker, 'the desk script names its key worker').toBeTruthy();
    loaded.push(worker!);
    expect(loaded.filter((p) => p.startsWith('/fonts/')).length).toBeGreaterThan(0);
    for (const path of loaded) expect([path, (await desk(path, 'HEAD')).status]).toEqual([path, 200]);
    // Its API (no session here), and the bare host name leads to the desk.
    const session = await desk('/api/desk/session');
    expect([session.status, JSON.parse(session.body.toString()).error.code]).toEqual([401, 'desk.no-session']);
    const home = await desk('/');
    expect([home.status, home.headers.location]).toEqual([302, '/desk/']);
    // Nothing else: no public page, not the CMS, not the tip line's API, not a file the desk does not load.
    for (const [path, method] of [
      ['/en/', 'GET'],
      ['/es/report/', 'GET'],
      ['/404.html', 'GET'],
      ['/admin/', 'GET'],
      ['/taskforce-keys.asc', 'GET'],
      ['/robots.txt', 'GET'],
      ['/api/altcha', 'GET'],
      ['/api/tips', 'POST'],
      ['/api/thread', 'POST'],
      ['/desk/', 'POST'],
      ['/_astro/no-such-file.js', 'GET'],
      ['/fonts/../en/index.html', 'GET'],
    ] as const) {
      const refused = await desk(path, method);
      expect([path, method, refused.status, refused.body.toString()]).toEqual([path, method, 404, 'Not found']);
      expect(refused.headers['content-security-policy']).toMatch(/^default-src 'none';/);
      expect(refused.headers['x-content-type-options']).toBe('nosniff');
    }
    // Under the public host name it is the other way round: the site, and no desk page.
    expect((await rawGet(`${base}/en/`, {})).status).toBe(200);
    for (const path of ['/desk/', '/desk%2findex.html', '/desk%2Findex.html'])
      expect([path, (await rawGet(`${base}${path}`, {})).status]).toEqual([path, 404]);
  });

  it("sends the build's brotli or gzip copy the browser accepts, with Vary, and the page as it is otherwise", async () => {
    const file = readFileSync(join(root, 'dist', 'en', 'report', 'index.html'));
    const url = `${base}/en/report/`;
    const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(file.length / 3);
    expect(brotliDecompressSync(br.body).equals(file)).toBe(true);
    expect(br.headers['content-security-policy']).toContain("default-src 'self'");

    const gz = await rawGet(url, { 'accept-encoding': 'br;q=0, gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(file)).toBe(true);
    expect(gz.headers.etag).not.toBe(br.headers.etag); // each representation has its own validator

    for (const acceptEncoding of [undefined, 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const plain = await rawGet(url, acceptEncoding ? { 'accept-encoding': acceptEncoding } : {});
      expect(plain.headers['content-encoding'], String(acceptEncoding)).toBeUndefined();
      expect(plain.headers.vary).toBe('Accept-Encoding');
      expect(plain.body.equals(file)).toBe(true);
    }
  });

  it('keeps hashed /_astro/ files a year, has pages revalidated, and answers an unchanged page with 304', async () => {
    const script = readdirSync(join(root, 'dist', '_astro')).find((name) => name.endsWith('.js'))!;
    const asset = await rawGet(`${base}/_astro/${script}`, { 'accept-encoding': 'br' });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);

    const page = await rawGet(`${base}/es/`, { 'accept-encoding': 'br' });
    expect(page.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(page.headers.etag).toMatch(/^"[0-9a-z-]+"$/);
    expect(page.headers['last-modified']).toBeTruthy();
    const again = await rawGet(`${base}/es/`, { 'accept-encoding': 'br', 'if-none-match': page.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(page.headers.etag);
    expect(again.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    // The gzip copy's validator does not match the brotli copy.
    expect(
      (await rawGet(`${base}/es/`, { 'accept-encoding': 'gzip', 'if-none-match': page.headers.etag! })).status,
    ).toBe(200);
    const since = await rawGet(`${base}/es/`, { 'if-modified-since': page.headers['last-modified']! });
    expect(since.status).toBe(304);
    const head = await rawGet(`${base}/es/`, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(page.body.length));
    expect(head.body.length).toBe(0);

    // Pictures are not compressed again, and say nothing of encodings.
    const picture = readdirSync(join(root, 'dist', '_astro')).find((name) => /\.(png|webp)$/.test(name));
    if (picture) {
      const img = await rawGet(`${base}/_astro/${picture}`, { 'accept-encoding': 'br, gzip' });
      expect(img.headers['content-encoding']).toBeUndefined();
      expect(img.headers.vary).toBeUndefined();
    }
  });

  it('answers a byte range with the file as it is, never with part of a compressed copy', async () => {
    const file = readFileSync(join(root, 'dist', 'en', 'index.html'));
    const part = await rawGet(`${base}/en/`, { 'accept-encoding': 'br, gzip', range: 'bytes=10-109' });
    expect(part.status).toBe(206);
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.headers['content-range']).toBe(`bytes 10-109/${file.length}`);
    expect(part.body.equals(file.subarray(10, 110))).toBe(true);
    const tail = await rawGet(`${base}/en/`, { range: 'bytes=-20' });
    expect(tail.body.equals(file.subarray(file.length - 20))).toBe(true);
    const beyond = await rawGet(`${base}/en/`, { range: `bytes=${file.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${file.length}`);
    // Several ranges, or one for another version of the file (If-Range), get the whole file.
    const many = await rawGet(`${base}/en/`, { range: 'bytes=0-1,5-9' });
    expect(many.status).toBe(200);
    expect(many.body.equals(file)).toBe(true);
    const stale = await rawGet(`${base}/en/`, { range: 'bytes=0-9', 'if-range': '"old"' });
    expect(stale.status).toBe(200);
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
    const ciphertext = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: marker }),
      encryptionKeys: keys,
    });
    const receipt = newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));
    const response = await fetch(`${base}/api/tips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ciphertext,
        receipt,
        altcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'),
      }),
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
    const privateKey = await openpgp.readPrivateKey({
      armoredKey: readFileSync(join(dataDir, 'demo-keys', 'private.asc'), 'utf8'),
    });
    const { data } = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: tip!.armored }),
      decryptionKeys: privateKey,
    });
    expect(data).toBe(marker);
  });
});
