// Scale-out: two Node server processes share one real Redis and take tips at the same time; one is killed with
// SIGKILL in the middle of the run, while it is in the middle of sending a mail. Every tip that got a 202 must reach
// the SMTP server; the tip whose mail the dead process had already handed over is sent again by the other process,
// with the same Message-ID; afterwards no ciphertext is left in Redis and no key holds an address.
//
// Time: a tip claimed by the killed process stays leased for the forwarder's lease (5 minutes). Instead of waiting,
// the test moves those leases' end to the past in Redis ("five minutes later"), which is all that waiting would do.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { afterAll, expect, it } from 'vitest';
import { startTestSmtp, type TestSmtp } from './helpers/smtp-server.ts';
import { dumpAll, freePort, startRedis, type TestRedis } from './redis-server.ts';
import { allKeys, deploymentEnv, makeTaskForce, tipClient, type TaskForceFixture } from './serverless-fixture.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const serverEntry = process.env.TIPLINE_SERVER_ENTRY ?? join(root, 'functions/node/server.ts');

const children: ChildProcess[] = [];
const dirs: string[] = [];
let redis: TestRedis | undefined;
let smtp: TestSmtp | undefined;
let taskForce: TaskForceFixture | undefined;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await smtp?.close();
  await redis?.stop();
  await taskForce?.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Server {
  name: string;
  base: string;
  child: ChildProcess;
  output: () => string;
}

async function startServer(name: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), `scale-${name}-`));
  dirs.push(dataDir);
  const child = spawn(process.execPath, [serverEntry], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000; // Node starting with type stripping on a loaded 2-core machine
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server ${name} exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server ${name} did not start:\n${output}`);
    try {
      if ((await fetch(`${base}/api/altcha`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, base, child, output: () => output };
}

// The body is sent with its length, as a browser sends it (a streamed body without one counts as a large one).
const fetcherFor = (server: Server) => async (request: Request) => {
  const url = new URL(request.url);
  return fetch(`${server.base}${url.pathname}`, {
    method: request.method,
    headers: request.headers,
    body: request.body ? await request.arrayBuffer() : undefined,
  });
};

it('two servers on one Redis: every accepted tip is delivered although one is SIGKILLed mid-send; a resend keeps its Message-ID', async () => {
  redis = await startRedis();
  taskForce = await makeTaskForce();
  const tf = taskForce;
  const prefix = `t${randomBytes(6).toString('hex')}:`;

  // The SMTP server holds its answer to the second mail from server A until A has been killed: A has handed the
  // message over but never hears the 250, so it cannot mark the tip delivered.
  let heldFromA = 0;
  let signalHeld!: () => void;
  const held = new Promise<void>((r) => (signalHeld = r));
  let releaseHeld!: () => void;
  const killed = new Promise<void>((r) => (releaseHeld = r));
  smtp = await startTestSmtp({
    respond: async (_n, raw) => {
      if (/^From: a-tipline@/m.test(raw.toString('latin1')) && ++heldFromA === 2) {
        signalHeld();
        await killed;
      }
      return null;
    },
  });

  const env = deploymentEnv({
    taskForce: tf,
    smtpUrl: smtp.url,
    redis,
    prefix,
    trustedClientIp: 'socket',
    extra: { RATE_LIMIT_MAX: '1000' },
  });
  const [a, b] = await Promise.all([
    startServer('a', { ...env, TIP_MAIL_FROM: 'a-tipline@tipline.example' }),
    startServer('b', { ...env, TIP_MAIL_FROM: 'b-tipline@tipline.example' }),
  ]);
  expect(a.output() + b.output()).toContain('in Redis');

  // Clients send 24 tips, four at a time, alternately to A and B. A request that fails (A is gone) is sent again
  // to B, as a load balancer would, as a new attempt with its own marker: its first outcome is unknown.
  const accepted: { marker: string; receipt: string; by: string }[] = [];
  let acceptedAtKill = -1;
  let aDead = false;
  const viaA = tipClient(fetcherFor(a), tf);
  const viaB = tipClient(fetcherFor(b), tf);
  const sendTip = async (i: number) => {
    // The second half waits for A to be mid-send, so the kill always falls inside the run, however fast or slow
    // this machine delivers.
    if (i >= 12) await held;
    for (let attempt = 0; attempt < 3; attempt++) {
      const client = i % 2 === 0 && !aDead && attempt === 0 ? viaA : viaB;
      const marker = `MARKER-SCALE-${i}-${attempt}-${randomBytes(4).toString('hex')}`;
      try {
        const body = await client.body(`${marker} seen near the market`);
        const response = await client.post(body);
        if (response.status === 202) {
          accepted.push({ marker, receipt: body.receipt, by: client === viaA ? 'a' : 'b' });
          return;
        }
        throw new Error(`status ${response.status}: ${await response.text()}`);
      } catch (error) {
        if (client === viaB) throw error; // B must never fail
      }
    }
  };
  const killer = held.then(async () => {
    // Mid-run: A is in the middle of an SMTP transaction and tips are still arriving.
    const exited = new Promise((r) => a.child.once('exit', r));
    acceptedAtKill = accepted.length;
    a.child.kill('SIGKILL');
    await exited;
    aDead = true;
    releaseHeld();
  });
  const queueOfTips = Array.from({ length: 24 }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = queueOfTips.shift(); i !== undefined; i = queueOfTips.shift()) await sendTip(i);
    }),
  );
  await killer;
  expect(a.child.signalCode).toBe('SIGKILL');
  expect(accepted.length).toBeGreaterThanOrEqual(24);
  // Both took tips, and the kill came while tips were still coming in.
  expect(accepted.filter((t) => t.by === 'a').length).toBeGreaterThan(0);
  expect(acceptedAtKill).toBeGreaterThan(0);
  expect(acceptedAtKill).toBeLessThan(24);

  // "Five minutes later": the dead process's leases run out, and B is nudged by one more tip.
  const leased = await redis.admin.zrange(`${prefix}lease`, 0, -1);
  for (const id of leased) await redis.admin.zadd(`${prefix}lease`, 0, id);
  const last = await viaB.body('MARKER-SCALE-last nudge');
  expect((await viaB.post(last)).status).toBe(202);
  accepted.push({ marker: 'MARKER-SCALE-last', receipt: last.receipt, by: 'b' });

  // Every accepted tip arrives; read each mail as the task force would.
  const byMarker = new Map<string, string[]>(); // marker → Message-IDs of its copies
  let read = 0;
  const deadline = Date.now() + 30_000;
  const missing = () => accepted.filter((t) => !byMarker.has(t.marker));
  while (missing().length > 0 && Date.now() < deadline) {
    while (read < smtp.accepted.length) {
      const mail = await simpleParser(smtp.accepted[read++]!.raw);
      const part = mail.attachments.find((x) => x.filename === 'encrypted.asc')!;
      const text = await tf.decrypt(part.content.toString());
      const marker = /MARKER-SCALE-[\w-]+?(?= seen|$)|MARKER-SCALE-last/.exec(text)?.[0];
      if (!marker) continue;
      byMarker.set(marker, [...(byMarker.get(marker) ?? []), String(mail.messageId)]);
    }
    if (missing().length > 0) await new Promise((r) => setTimeout(r, 200));
  }
  expect(missing().map((t) => t.marker)).toEqual([]);

  // The held tip went out twice (A's copy and B's resend), both with one Message-ID; no copies ever differ.
  const duplicates = [...byMarker].filter(([, ids]) => ids.length > 1);
  expect(duplicates.length).toBeGreaterThanOrEqual(1);
  for (const [, ids] of byMarker) expect(new Set(ids).size).toBe(1);
  console.log(
    `scale-out: ${accepted.length} accepted (${accepted.filter((t) => t.by === 'a').length} by A, ` +
      `${acceptedAtKill} before the kill), ${smtp.accepted.length} mails, ${duplicates.length} resent`,
  );

  // Receipts say delivered; nothing of the ciphertext is left; no key holds an address.
  for (const tip of accepted) expect(await viaB.status(tip.receipt), tip.marker).toBe('delivered');
  expect(await redis.admin.hlen(`${prefix}body`)).toBe(0);
  const dump = await dumpAll(redis, prefix);
  expect(dump).not.toContain('BEGIN PGP MESSAGE');
  for (const key of await allKeys(redis)) {
    expect(key).not.toContain('127.0.0.1');
    expect(key).not.toContain('@');
  }
  expect(b.output()).not.toMatch(/MARKER-SCALE/); // the surviving server logged no tip content
}, 180_000);
