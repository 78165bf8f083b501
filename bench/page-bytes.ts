// Page-weight benchmark (issue 12): the bytes a reader's browser downloads for the report page as the Node server
// sends them (brotli where the browser accepts it), before and after the first interaction with the form (which
// starts the encryption worker, OpenPGP.js, the proof-of-work workers and their challenge), beside the same files
// uncompressed. Real Chromium against the real server (functions/node/server.ts, the built dist/), a fresh cache,
// through a counting proxy in this process: workers' requests are counted too, which the browser's own events miss.
// Response bodies as sent, without HTTP headers. Usage: node bench/page-bytes.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

interface Loaded {
  encoded: number;
  decoded: number;
  requests: number;
}

export async function runPageBytesBench(path = '/en/report/'): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-page-'));
  const port = await freePort();
  const server = spawn(process.execPath, [join(root, 'functions/node/server.ts')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking'],
  });
  try {
    await new Promise<void>((ready, fail) => {
      let out = '';
      server.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('Tip line and site at')) ready();
      });
      server.once('exit', (code) => fail(new Error(`server exited (${code})`)));
    });
    // The proxy: every response body, as sent and decoded, counted.
    const counted: Loaded = { encoded: 0, decoded: 0, requests: 0 };
    const proxy = createHttpServer((req, res) => {
      const upstream = httpRequest(
        { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          const chunks: Buffer[] = [];
          up.on('data', (d: Buffer) => {
            chunks.push(d);
            res.write(d);
          });
          up.on('end', () => {
            const body = Buffer.concat(chunks);
            const coding = up.headers['content-encoding'];
            counted.requests++;
            counted.encoded += body.length;
            counted.decoded +=
              coding === 'br'
                ? brotliDecompressSync(body).length
                : coding === 'gzip'
                  ? gunzipSync(body).length
                  : body.length;
            res.end();
          });
        },
      );
      req.pipe(upstream);
    });
    const proxyPort = await freePort();
    await new Promise<void>((r) => proxy.listen(proxyPort, '127.0.0.1', r));
    const snapshot = () => ({ ...counted });
    /** Waits until nothing more has arrived for a second (workers fetch after the page is idle). */
    const settle = async (since: Loaded): Promise<Loaded> => {
      let last = -1;
      while (counted.requests !== last) {
        last = counted.requests;
        await new Promise((r) => setTimeout(r, 1500));
      }
      return {
        encoded: counted.encoded - since.encoded,
        decoded: counted.decoded - since.decoded,
        requests: counted.requests - since.requests,
      };
    };
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${proxyPort}${path}`);
    const before = await settle({ encoded: 0, decoded: 0, requests: 0 });
    const start = snapshot();
    await page.locator('textarea').first().focus(); // the first interaction
    const after = await settle(start);
    proxy.close();
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const row = (what: string, l: Loaded) => `| ${what} | ${l.requests} | ${kb(l.encoded)} | ${kb(l.decoded)} |`;
    const both = {
      encoded: before.encoded + after.encoded,
      decoded: before.decoded + after.decoded,
      requests: before.requests + after.requests,
    };
    return [
      `\`${path}\` from the Node server (\`npm start\`), headless Chromium ${browser.version()}, empty cache; response bodies only.`,
      '',
      '| | requests | as served (compressed) | uncompressed |',
      '| --- | ---: | ---: | ---: |',
      row('the page as it loads', before),
      row('added by the first interaction with the form', after),
      row('in all', both),
    ].join('\n');
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`### Report page weight\n\n${await runPageBytesBench()}\n`);
}
