// What each known attack costs the real server now (issue 7, items 1–5; the attacker inputs of
// docs/threat-model.md): the self-hosted server (functions/node/server.ts) in its own process
// with a temporary DATA_DIR, its demo key, ALTCHA_COST=1 and the default rate limit; each probe from its own
// loopback /24 as the TCP source address. For each: the answer, the time to it, how long a plain GET /api/altcha sent
// just after the probe waited ("others waited"), and the server's resident memory before and at its peak during the
// probe (VmRSS from /proc, sampled every 10 ms). Not a test: figures vary by machine. Linux only (/proc).
// Usage: node bench/hostile.ts   (bench/run.ts runs it)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import * as openpgp from 'openpgp';
import { tipLimits } from '../src/shared/tip-fields.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const mib = 1024 * 1024;

interface Sent {
  status: number;
  ms: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let port = 0;
let network = 10;
/** A fresh loopback /24 for each probe: its own rate-limit bucket. */
const nextNetwork = () => `127.${Math.floor(++network / 250)}.${network % 250}.1`;

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Uint8Array | string | null,
  from: string,
): Promise<Sent> {
  const start = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, localAddress: from }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - start }));
    if (body !== null) req.end(body);
    else req.end();
  });
}

const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

async function pow(from: string): Promise<string> {
  const challenge = await new Promise<unknown>((resolve) => {
    request({ host: '127.0.0.1', port, path: '/api/altcha', localAddress: from }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve(JSON.parse(text)));
    }).end();
  });
  const solution = await solveChallenge({ challenge: challenge as never, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/** A thread's lookup hash, as today's report page sends it (SHA-256 hex of a lookup token the server never sees). */
const lookupHash = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

interface ProbeRow {
  probe: string;
  body: string;
  answers: string;
  ms: number;
  othersWaitedMs: number;
  rssBefore: number;
  rssPeak: number;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hostile-'));
  port = await freePort();
  const server = spawn(process.execPath, [join(root, 'functions/node/server.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dataDir,
      NODE_ENV: 'test',
      PORT: String(port),
      DATA_DIR: dataDir,
      ALTCHA_COST: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (d) => (output += d));
  server.stderr.on('data', (d) => (output += d));
  while (!output.includes('Tip line and site at')) {
    if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = server.pid!;
  const keys = await openpgp.readKey({ armoredKey: readFileSync(join(dataDir, 'demo-keys', 'public.asc'), 'utf8') });
  const tip = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: 'a report' }),
    encryptionKeys: keys,
    format: 'binary',
  });
  const armor = (bytes: Uint8Array) => openpgp.armor(openpgp.enums.armor.message, bytes);
  const packet = (tag: number, body: Uint8Array) => {
    const n = body.length;
    return Buffer.concat([
      Uint8Array.of(0xc0 | tag, 255, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff),
      body,
    ]);
  };
  const bzip2Bomb = packet(
    8,
    Buffer.concat([Uint8Array.of(3), readFileSync(join(root, 'tests/fixtures/zeros-256mib.bz2'))]),
  );
  const zlibBomb = packet(8, Buffer.concat([Uint8Array.of(2), deflateSync(Buffer.alloc(64 * mib), { level: 9 })]));
  const padding = packet(21, Buffer.from('PLAINTEXT riding along'));

  const rows: ProbeRow[] = [];
  const probe = async (name: string, body: string, run: () => Promise<Sent | Sent[]>) => {
    // Let the previous probe's garbage go, then measure.
    await new Promise((r) => setTimeout(r, 300));
    const rssBefore = rssMiB(pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(pid))), 10);
    const running = run();
    await new Promise((r) => setTimeout(r, 50));
    const other = await send('GET', '/api/altcha', {}, null, '127.200.0.1');
    const result = await running;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, rssMiB(pid));
    const all = Array.isArray(result) ? result : [result];
    const statuses = [...new Set(all.map((r) => r.status))]
      .map((s) => `${s}${all.length > 1 ? ` ×${all.filter((r) => r.status === s).length}` : ''}`)
      .join(', ');
    rows.push({
      probe: name,
      body,
      answers: statuses,
      ms: Math.max(...all.map((r) => r.ms)),
      othersWaitedMs: other.ms,
      rssBefore,
      rssPeak,
    });
  };
  const jsonTip = async (ciphertext: string, from = nextNetwork()) => {
    const { headers, body } = json({ ciphertext, lookupHash: lookupHash(), altcha: await pow(from) });
    return send('POST', '/api/tips', headers, body, from);
  };
  const size = (n: number) => (n >= mib ? `${(n / mib).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KB`);

  // Items 1 and 3: decompression bombs and packets riding along, on both paths.
  const bombText = armor(Buffer.concat([tip, bzip2Bomb]));
  await probe('bzip2 bomb (256 MiB of zeros) after the data packet', size(bombText.length), () => jsonTip(bombText));
  const bombBinary = Buffer.concat([tip, bzip2Bomb]);
  await probe('the same bomb through a chunked upload (binary part)', size(bombBinary.length), async () => {
    const from = nextNetwork();
    const open = json({ altcha: await pow(from), parts: 1, bytes: bombBinary.length });
    const opened = await new Promise<string>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/tips/uploads',
          headers: open.headers,
          localAddress: from,
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve((JSON.parse(text) as { upload: string }).upload));
        },
      );
      req.end(open.body);
    });
    await send(
      'PUT',
      `/api/tips/uploads/${opened}/parts/0`,
      { 'content-type': 'application/octet-stream' },
      bombBinary,
      from,
    );
    const done = json({ lookupHash: lookupHash() });
    return send('POST', `/api/tips/uploads/${opened}/complete`, done.headers, done.body, from);
  });
  const zlibText = armor(Buffer.concat([zlibBomb, tip]));
  await probe('zlib bomb (64 MiB of zeros) before the recipients', size(zlibText.length), () => jsonTip(zlibText));
  await probe('a padding packet with plaintext after the data', '1 KB', () =>
    jsonTip(armor(Buffer.concat([tip, padding]))),
  );

  // Item 2: armor lines built for a backtracking regular expression.
  for (const spaces of [160_000, 4 * mib]) {
    const text = `-----BEGIN PGP MESSAGE-----\n\n${' '.repeat(spaces)}x \n-----END PGP MESSAGE-----\n`;
    await probe(`armor line of ${spaces.toLocaleString('en')} spaces then "x "`, size(text.length), () =>
      jsonTip(text),
    );
  }
  const lines = `-----BEGIN PGP MESSAGE-----\n\n${`${' '.repeat(997)}x \n`.repeat(9_000)}-----END PGP MESSAGE-----\n`;
  await probe('9,000 armor lines of 997 spaces then "x "', size(lines.length), () => jsonTip(lines));

  // Item 4: the no-JS photo cleaner, no proof of work.
  const multipart = (name: string, type: string, bytes: Uint8Array) => {
    const head = Buffer.from(
      `--b\r\nContent-Disposition: form-data; name="happened"\r\n\r\nx\r\n--b\r\nContent-Disposition: form-data; name="attachments"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    );
    return Buffer.concat([head, bytes, Buffer.from('\r\n--b--\r\n')]);
  };
  const formHeaders = { 'content-type': 'multipart/form-data; boundary=b' };
  const fill = (unit: number[], bytes: number) => {
    const out = Buffer.alloc(bytes - (bytes % unit.length));
    for (let i = 0; i < out.length; i += unit.length) out.set(unit, i);
    return out;
  };
  const restartMarkers = Buffer.concat([Uint8Array.of(0xff, 0xd8), fill([0xff, 0xd0], 10 * mib - 200)]);
  await probe('JPEG of 5 M restart markers (no-JS form)', '10.0 MiB', () =>
    send('POST', '/api/tips', formHeaders, multipart('x.jpg', 'image/jpeg', restartMarkers), nextNetwork()),
  );
  const webpChunks = Buffer.concat([
    Buffer.from('RIFF'),
    Buffer.alloc(4, 0xff),
    Buffer.from('WEBP'),
    Buffer.from('VP8 '),
    Buffer.alloc(4),
    fill([0x41, 0x4c, 0x50, 0x48, 0, 0, 0, 0], 10 * mib - 240),
  ]);
  await probe('WebP of 1.3 M empty chunks (no-JS form)', '10.0 MiB', () =>
    send('POST', '/api/tips', formHeaders, multipart('x.webp', 'image/webp', webpChunks), nextNetwork()),
  );

  // Item 5: the no-JS form's order and caps.
  const manyFields = Array.from({ length: 1_100_000 }, (_, i) => `f${i}=1`)
    .join('&')
    .slice(0, tipLimits.maxRequestBytes);
  const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' };
  await probe('urlencoded, 1.1 M fields', size(manyFields.length), () =>
    send('POST', '/api/tips', urlencoded, manyFields, nextNetwork()),
  );
  const limited = nextNetwork();
  for (let i = 0; i < 5; i++) await send('POST', '/api/tips', urlencoded, `happened=report+${i}`, limited);
  await probe('the same from a network already rate-limited', size(manyFields.length), () =>
    send('POST', '/api/tips', urlencoded, manyFields, limited),
  );
  const manyParts = Buffer.from(
    `${'--b\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n'.repeat(170_000)}--b--\r\n`,
  );
  await probe('multipart, 170 k parts', size(manyParts.length), () =>
    send('POST', '/api/tips', formHeaders, manyParts, nextNetwork()),
  );
  await probe('an empty report', '0 B', () => send('POST', '/api/tips', urlencoded, '', nextNetwork()));
  const oneLong = `happened=${'a'.repeat(tipLimits.maxRequestBytes - 20)}`;
  await probe('4 urlencoded 10 MiB bodies at once, 4 networks', '4 × 10.0 MiB', () =>
    Promise.all([1, 2, 3, 4].map(() => send('POST', '/api/tips', urlencoded, oneLong, nextNetwork()))),
  );
  await probe('4 at once from one network (large bodies in turn)', '4 × 10.0 MiB', () => {
    const from = nextNetwork();
    return Promise.all([1, 2, 3, 4].map(() => send('POST', '/api/tips', urlencoded, oneLong, from)));
  });

  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await rm(dataDir, { recursive: true, force: true });

  console.log('### Hostile requests: what each attack costs the server now\n');
  console.log('Real server process, ALTCHA_COST=1, default rate limit, each probe from its own loopback /24.\n');
  console.log('| probe | request body | answer | time ms | others waited ms | RSS before → peak MiB |');
  console.log('| --- | ---: | --- | ---: | ---: | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.probe} | ${r.body} | ${r.answers} | ${r.ms.toFixed(0)} | ${r.othersWaitedMs.toFixed(0)} | ${r.rssBefore.toFixed(0)} → ${r.rssPeak.toFixed(0)} |`,
    );
  }
}

await main();
