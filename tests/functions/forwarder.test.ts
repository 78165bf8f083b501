// The forwarder against real parts: the SQLite queue in a temporary directory, nodemailer over SMTP to a real
// smtp-server. The clock is a plain variable so backoff and leases can be stepped through without waiting.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import * as openpgp from 'openpgp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startForwarderLoop } from '../../functions/forwarder/loop.ts';
import { defaultLeaseMs, forwardDueTips, retryDelayMs, type ForwardOptions } from '../../functions/forwarder/pass.ts';
import { createSmtpMailer } from '../../functions/mail/smtp.ts';
import { quarantineUndeliverable } from '../../functions/forwarder/misaddressed.ts';
import { recipientSet, type RecipientSet } from '../../functions/pgp/recipients.ts';
import { openSqliteQueue } from '../../functions/queue/sqlite.ts';
import type { TipQueue } from '../../functions/ports.ts';
import { startTestSmtp, type TestSmtp, type TestSmtpOptions } from './helpers/smtp-server.ts';

const from = 'tipline@tipline.example';
const to = ['officer1@taskforce.example', 'officer2@taskforce.example'];
const start = Date.UTC(2026, 10, 27, 20, 0, 0);
let armored: string;
let recipients: RecipientSet;
/** A tip sealed to a key the task force does not have (the demo key of a first run). */
let sealedToDemoKey: string;

beforeAll(async () => {
  const { publicKey } = await openpgp.generateKey({ userIDs: [{ email: 'tf@taskforce.example' }], format: 'object' });
  const demo = (await openpgp.generateKey({ userIDs: [{ email: 'demo-key@tipline.invalid' }], format: 'object' }))
    .publicKey;
  armored = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: 'a tip' }),
    encryptionKeys: publicKey,
  });
  sealedToDemoKey = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: 'a demo tip' }),
    encryptionKeys: demo,
  });
  recipients = await recipientSet([publicKey]);
});

let dir: string;
let queue: TipQueue;
let smtp: TestSmtp | undefined;
let now: number;
let logs: string[];
const clock = { now: () => now };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forwarder-'));
  queue = openSqliteQueue({ dataDir: dir });
  now = start;
  logs = [];
});
afterEach(async () => {
  await queue.close();
  await smtp?.close();
  smtp = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function enqueueTip(
  receiptHash = randomUUID().replace(/-/g, ''),
  ciphertext = armored,
): Promise<{ id: string; receiptHash: string }> {
  const id = randomUUID();
  await queue.enqueue({ id, armored: ciphertext, receiptHash }, now);
  return { id, receiptHash };
}

async function smtpWith(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  smtp = await startTestSmtp(options);
  return smtp;
}

function pass(extra: Partial<ForwardOptions> = {}) {
  return forwardDueTips({
    queue,
    mailer: createSmtpMailer({ smtpUrl: smtp!.url }),
    clock,
    mail: { from, to },
    recipients: async () => recipients,
    random: () => 0.5,
    log: (line) => logs.push(line),
    ...extra,
  });
}

describe('forwardDueTips', () => {
  it('sends a due tip to every TIP_MAIL_TO address and deletes it only after the 250', async () => {
    const tip = await enqueueTip();
    const seenDuringData: Array<{ pending: number; status: string }> = [];
    await smtpWith({
      // While the server holds the DATA before answering, the tip must still be in the queue.
      respond: async () => {
        seenDuringData.push({
          pending: (await queue.counts()).pending,
          status: await queue.receiptStatus(tip.receiptHash),
        });
        return null;
      },
    });
    const result = await pass();
    expect(result).toEqual({ claimed: 1, delivered: 1, retried: 0, dead: 0, undeliverable: 0, unconfirmed: 0 });
    expect(seenDuringData).toEqual([{ pending: 1, status: 'waiting' }]);
    expect(await queue.counts()).toEqual({ pending: 0, dead: 0 });
    expect(await queue.receiptStatus(tip.receiptHash)).toBe('delivered');
    expect(smtp!.accepted).toHaveLength(1);
    expect(smtp!.accepted[0]!.to).toEqual(to);
    const mail = await simpleParser(smtp!.accepted[0]!.raw);
    expect(mail.attachments[1]!.content.toString().replace(/\r\n/g, '\n').trim()).toBe(armored.trim());
    // Nothing to do on the next pass: the ciphertext is gone.
    expect(await pass()).toMatchObject({ claimed: 0 });
  });

  it('retries after 451 with backoff, then delivers on 250; the tip stays queued in between', async () => {
    const tip = await enqueueTip();
    await smtpWith({ respond: (n) => (n === 0 ? { code: 451, message: 'Greylisted, try later' } : null) });
    expect(await pass()).toMatchObject({ claimed: 1, retried: 1, delivered: 0 });
    expect(await queue.counts()).toEqual({ pending: 1, dead: 0 });
    expect(await queue.receiptStatus(tip.receiptHash)).toBe('waiting');
    expect(logs.join('\n')).toMatch(/attempt 1 failed.*451/);

    // random() = 0.5 puts the jitter at the middle: the first retry is due exactly 30 s later.
    now = start + 29_999;
    expect(await pass()).toMatchObject({ claimed: 0 });
    now = start + 30_000;
    expect(await pass()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(smtp!.attempts).toBe(2);
    expect(await queue.receiptStatus(tip.receiptHash)).toBe('delivered');
  });

  it('moves a tip to the dead-letter state on 550 and keeps it for an operator to retry', async () => {
    const tip = await enqueueTip();
    let refuse = true;
    await smtpWith({ respond: () => (refuse ? { code: 550, message: 'Mailbox unavailable' } : null) });
    expect(await pass()).toMatchObject({ claimed: 1, dead: 1, retried: 0 });
    expect(await queue.counts()).toEqual({ pending: 0, dead: 1 });
    expect(await queue.receiptStatus(tip.receiptHash)).toBe('waiting');
    now += 7 * 24 * 3_600_000;
    expect(await pass()).toMatchObject({ claimed: 0 }); // dead letters are not retried on their own

    refuse = false;
    expect(await queue.retryDead(now)).toBe(1);
    expect(await pass()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(await queue.receiptStatus(tip.receiptHash)).toBe('delivered');
  });

  it('gives up after 10 failed attempts: dead letter, not lost', async () => {
    await enqueueTip();
    await smtpWith({ respond: () => ({ code: 451, message: 'Try later' }) });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await pass();
      outcomes.push(r.retried ? 'retry' : r.dead ? 'dead' : 'none');
      now += 8 * 3_600_000; // past any backoff: at most 6 h + 25 % jitter
    }
    expect(outcomes).toEqual([...Array(9).fill('retry'), 'dead', 'none', 'none']);
    expect(smtp!.attempts).toBe(10);
    expect(await queue.counts()).toEqual({ pending: 0, dead: 1 });
  });

  it('never mails a tip sealed to other keys (a demo key): an undeliverable dead letter, its code says so, the list says why', async () => {
    const demo = await enqueueTip(undefined, sealedToDemoKey);
    const real = await enqueueTip();
    await smtpWith();
    const result = await pass();
    expect(result).toMatchObject({ claimed: 2, delivered: 1, undeliverable: 1, dead: 0 });
    expect(smtp!.accepted).toHaveLength(1); // only the real one: nothing the task force cannot read
    expect(await queue.receiptStatus(demo.receiptHash)).toBe('undeliverable');
    expect(await queue.receiptStatus(real.receiptHash)).toBe('delivered');
    expect(await queue.deadReasons()).toEqual([
      {
        reason: 'undeliverable: not sealed to the configured task force keys (a demo key, or keys replaced since)',
        count: 1,
      },
    ]);
    expect(logs.join('\n')).toMatch(/not mailed and is now a dead letter/);
    // Never sent later either.
    now += 24 * 3_600_000;
    expect(await pass()).toMatchObject({ claimed: 0 });
    expect(smtp!.accepted).toHaveLength(1);
  });

  it('quarantineUndeliverable finds every such tip in the queue without sending anything (the server does this at start)', async () => {
    const demo = [await enqueueTip(undefined, sealedToDemoKey), await enqueueTip(undefined, sealedToDemoKey)];
    const real = await enqueueTip();
    await queue.claim(now, 60_000, 1); // one of them leased by a worker: still checked
    expect(await quarantineUndeliverable(queue, recipients, now)).toBe(2);
    for (const tip of demo) expect(await queue.receiptStatus(tip.receiptHash)).toBe('undeliverable');
    expect(await queue.receiptStatus(real.receiptHash)).toBe('waiting');
    expect(await queue.counts()).toEqual({ pending: 1, dead: 2 });
    expect(await quarantineUndeliverable(queue, recipients, now)).toBe(0);
  });

  it('treats an unreachable SMTP server as transient', async () => {
    const closed = await startTestSmtp();
    const url = closed.url;
    await closed.close();
    await enqueueTip();
    const r = await forwardDueTips({
      queue,
      mailer: createSmtpMailer({ smtpUrl: url }),
      clock,
      mail: { from, to },
      recipients: async () => recipients,
      log: (l) => logs.push(l),
    });
    expect(r).toMatchObject({ retried: 1, dead: 0 });
    expect(await queue.counts()).toEqual({ pending: 1, dead: 0 });
  });

  it('resends with the same Message-ID after a crash between the 250 and markDelivered', async () => {
    const tip = await enqueueTip();
    await smtpWith();
    // The process "dies" right after the SMTP server accepted: markDelivered never reaches the database.
    const dying: TipQueue = {
      ...queue,
      claim: queue.claim,
      markDelivered: async () => {
        throw new Error('process killed');
      },
    };
    expect(await pass({ queue: dying })).toMatchObject({ delivered: 0, unconfirmed: 1 });
    await queue.close();

    // A new process opens the same file. The dead process's lease holds the tip until it runs out.
    queue = openSqliteQueue({ dataDir: dir });
    expect(await queue.counts()).toEqual({ pending: 1, dead: 0 });
    expect(await pass()).toMatchObject({ claimed: 0 });
    now += defaultLeaseMs;
    expect(await pass()).toMatchObject({ claimed: 1, delivered: 1 });

    expect(smtp!.accepted).toHaveLength(2);
    const [first, second] = await Promise.all(smtp!.accepted.map((m) => simpleParser(m.raw)));
    expect(first!.messageId).toBeTruthy();
    expect(second!.messageId).toBe(first!.messageId);
    expect(await queue.receiptStatus(tip.receiptHash)).toBe('delivered');
  });

  it('waits the random send delay while the tip stays leased in the queue', async () => {
    await enqueueTip();
    await smtpWith();
    const slept: number[] = [];
    const checks: Array<{ pending: number; claimable: number }> = [];
    const r = await pass({
      sendDelayMaxMs: 600_000,
      random: () => 0.25,
      sleep: async (ms) => {
        slept.push(ms);
        // During the delay: still in the queue, and no other worker can take it.
        checks.push({ pending: (await queue.counts()).pending, claimable: (await queue.claim(now, 1, 10)).length });
        now += ms;
      },
    });
    expect(slept).toEqual([150_000]);
    expect(checks).toEqual([{ pending: 1, claimable: 0 }]);
    expect(r).toMatchObject({ delivered: 1 });
  });

  it('does not lose a tip when stopped during the send delay: it is sent once the lease has run out', async () => {
    await enqueueTip();
    await smtpWith();
    const controller = new AbortController();
    const r = await pass({
      sendDelayMaxMs: 600_000,
      signal: controller.signal,
      sleep: async () => {
        controller.abort();
        throw new Error('aborted');
      },
    });
    expect(r).toMatchObject({ claimed: 1, delivered: 0, retried: 0, dead: 0 });
    expect(smtp!.attempts).toBe(0);
    expect(await queue.counts()).toEqual({ pending: 1, dead: 0 });
    // The lease covers the longest delay plus the send time.
    now += defaultLeaseMs + 600_000 - 1;
    expect(await pass()).toMatchObject({ claimed: 0 });
    now += 1;
    expect(await pass()).toMatchObject({ claimed: 1, delivered: 1 });
  });

  it('skips a tip whose lease ran out while it waited (another worker may own it), and sends it on the next pass', async () => {
    await enqueueTip();
    await smtpWith();
    const r = await pass({
      sendDelayMaxMs: 600_000,
      sleep: async () => {
        now += defaultLeaseMs + 600_000; // e.g. the process was suspended during the delay
      },
    });
    expect(r).toMatchObject({ claimed: 1, delivered: 0 });
    expect(smtp!.attempts).toBe(0);
    expect(await pass()).toMatchObject({ claimed: 1, delivered: 1 });
  });

  it('never logs tip content', async () => {
    await enqueueTip();
    await smtpWith({ respond: () => ({ code: 451, message: 'Try later' }) });
    await pass();
    expect(logs.length).toBeGreaterThan(0);
    const body = armored.split('\n').find((l) => l.length > 40)!;
    expect(logs.join('\n')).not.toContain(body);
    expect(logs.join('\n')).not.toContain('BEGIN PGP');
  });
});

describe('retryDelayMs', () => {
  it('doubles from 30 s, is capped at 6 h, and jitters by ±25 %', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, mid))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(10, mid)).toBe(30_000 * 2 ** 9);
    expect(retryDelayMs(11, mid)).toBe(6 * 3_600_000);
    expect(retryDelayMs(50, mid)).toBe(6 * 3_600_000);
    expect(retryDelayMs(1, () => 0)).toBe(22_500);
    expect(retryDelayMs(1, () => 0.999_999)).toBeCloseTo(37_500, -1);
  });
});

describe('startForwarderLoop', () => {
  it('does not run without SMTP: tips stay queued', async () => {
    await enqueueTip();
    const loop = startForwarderLoop({
      queue,
      mailer: null,
      clock,
      config: { mailFrom: from, mailTo: to },
      recipients: async () => recipients,
      log: (l) => logs.push(l),
    });
    loop.nudge();
    await new Promise((r) => setTimeout(r, 100));
    await loop();
    expect(loop.running).toBe(false);
    expect(logs.join('\n')).toMatch(/tips stay queued/);
    expect(await queue.counts()).toEqual({ pending: 1, dead: 0 });
  });

  it('runs a pass at start and after a nudge, then stops', async () => {
    await smtpWith();
    const realClock = { now: () => Date.now() };
    const loop = startForwarderLoop({
      queue,
      mailer: createSmtpMailer({ smtpUrl: smtp!.url }),
      clock: realClock,
      config: { mailFrom: from, mailTo: to, sendDelayMaxSeconds: 0 },
      intervalMs: 60_000, // longer than the test: only the start pass and the nudge can deliver
      recipients: async () => recipients,
      log: (l) => logs.push(l),
    });
    expect(loop.running).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    await queue.enqueue({ id: randomUUID(), armored, receiptHash: 'a'.repeat(64) }, Date.now());
    loop.nudge();
    // The SMTP server holds the mail a moment before the forwarder hears "250" and marks the tip delivered.
    const delivered = async () =>
      smtp!.accepted.length >= 1 && (await queue.receiptStatus('a'.repeat(64))) === 'delivered';
    const deadline = Date.now() + 10_000;
    while (!(await delivered()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(smtp!.accepted).toHaveLength(1);
    expect(await queue.receiptStatus('a'.repeat(64))).toBe('delivered');
    await loop.stop();
    expect(loop.running).toBe(false);
    expect(logs).toEqual([]);
  });
});
