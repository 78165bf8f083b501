// Durability: a tip that got a 202 reaches the task force even if the server is killed (SIGKILL: no shutdown code
// runs) before forwarding it. The real Node server runs as a child process on a temporary DATA_DIR.
//
// First run: no SMTP_URL, so forwarding is certainly off when the process dies (with an SMTP URL pointing at a dead
// port the forwarder would already have tried, failed and scheduled a ≈30 s backoff; that outage path is covered
// in forwarder.test.ts with a controlled clock). The SMTP port is chosen up front, with nothing listening on it.
// Second run: the SMTP server is up on that port and the restarted server is pointed at it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { simpleParser } from 'mailparser';
import * as openpgp from 'openpgp';
import { afterAll, expect, it } from 'vitest';
import { openSqliteQueue } from '../../functions/queue/sqlite.ts';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { startTestSmtp, type TestSmtp } from './helpers/smtp-server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const serverEntry = join(root, 'functions/node/server.ts');

const children: ChildProcess[] = [];
let smtp: TestSmtp | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await smtp?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [serverEntry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

async function waitForHttp(base: string, server: { child: ChildProcess; output: () => string }): Promise<void> {
  const deadline = Date.now() + 45_000; // Node starting with type stripping on a loaded 2-core machine
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited early:\n${server.output()}`);
    try {
      const res = await fetch(`${base}/api/altcha`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${server.output()}`);
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

it('a tip accepted with 202 survives SIGKILL before forwarding and is delivered after restart', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'durability-'));
  const { publicKey } = await openpgp.generateKey({
    type: 'ecc',
    userIDs: [{ name: 'Durability test', email: 'tf@taskforce.example' }],
    format: 'armored',
  });
  const keysFile = join(dataDir, 'taskforce-keys.asc');
  await writeFile(keysFile, publicKey);
  const httpPort = await freePort();
  const smtpPort = await freePort(); // nothing listens here during the first run
  const base = `http://127.0.0.1:${httpPort}`;
  const env = {
    PORT: String(httpPort),
    HOST: '127.0.0.1',
    DATA_DIR: join(dataDir, 'data'),
    TASKFORCE_PUBLIC_KEYS: keysFile,
    ALTCHA_COST: '1',
    TIP_MAIL_FROM: 'tipline@tipline.example',
    TIP_MAIL_TO: 'officer@taskforce.example',
  };

  // --- first life: accept the tip, then die without warning ---
  const first = startServer(env);
  await waitForHttp(base, first);
  const challenge = await (await fetch(`${base}/api/altcha`)).json();
  const solution = await solveChallenge({ challenge, deriveKey });
  expect(solution).toBeTruthy();
  const altcha = Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  const ciphertext = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: 'Durability marker report' }),
    encryptionKeys: await openpgp.readKey({ armoredKey: publicKey }),
  });
  const receipt = newReceiptCode((n) => new Uint8Array(randomBytes(n)));
  const response = await fetch(`${base}/api/tips`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ciphertext, receipt, altcha }),
  });
  const accepted = await response.json();
  expect(response.status, JSON.stringify(accepted)).toBe(202);
  expect(accepted).toEqual({ receipt, status: 'waiting' });
  await kill9(first.child);
  expect(first.child.signalCode).toBe('SIGKILL');

  // On disk after the kill: still pending, nothing was sent.
  const queue = openSqliteQueue({ dataDir: env.DATA_DIR });
  expect(await queue.counts()).toEqual({ pending: 1, dead: 0 });
  await queue.close();

  // --- second life: SMTP is up now ---
  smtp = await startTestSmtp({ port: smtpPort });
  const second = startServer({ ...env, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
  await waitForHttp(base, second);
  const deadline = Date.now() + 20_000;
  while (smtp.accepted.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(smtp.accepted, second.output()).toHaveLength(1);

  const mail = await simpleParser(smtp.accepted[0]!.raw);
  const sent = mail.attachments.find((a) => a.filename === 'encrypted.asc')!;
  // The intake may re-armor the message (OpenPGP.js 6 drops the optional CRC line): compare the packets.
  const packets = async (armoredMessage: string) =>
    (await openpgp.readMessage({ armoredMessage })).write() as Uint8Array;
  expect(Buffer.from(await packets(sent.content.toString())).equals(Buffer.from(await packets(ciphertext)))).toBe(true);
  expect(smtp.accepted[0]!.to).toEqual(['officer@taskforce.example']);

  const status = await fetch(`${base}/api/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ receipt }),
  });
  expect(await status.json()).toEqual({ status: 'delivered' });
  await kill9(second.child);
  // Neither life wrote the client address or the report to its output.
  expect(first.output() + second.output()).not.toContain('Durability marker');
}, 150_000);
