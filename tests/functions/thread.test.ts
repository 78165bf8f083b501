// A tipster's thread through app.request() against the real parts: the SQLite queue and desk store, a task force
// key made by real GnuPG, ALTCHA, the in-process limiters. The reference code never reaches these routes: the tests
// send what the browser sends (the lookup hash with a tip, the lookup token afterwards), derived by the shared module.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteDeskStore } from '../../functions/desk-store/sqlite.ts';
import { codeLookupHash } from '../../functions/tips/store.ts';
import { dearmor } from '../../functions/pgp/armor.ts';
import {
  deriveThreadKeys,
  fromBase64url,
  lookupHash,
  openReply,
  toBase64url,
} from '../../src/shared/followup/index.ts';
import { followupLimits } from '../../src/shared/followup/limits.ts';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { tipHeaders } from '../../src/shared/tip-fields.ts';
import { createGpg, type Gpg } from './helpers/gpg.ts';
import { makeIntake, postJson, type TestIntake } from './helpers/intake.ts';
import { caseOfCode, lookupOfCode, storeReply } from './helpers/thread-reply.ts';

const newCode = () => newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));
type Json = Record<string, unknown> & { error?: { code: string } };

let gpg: Gpg;
let officer: { fingerprint: string; publicKey: string; secretKey: string };
let intake: TestIntake;
let network = 0;
/** Each request from its own network, unless a test is about the limit. */
const address = () => `198.51.100.${++network}`;

async function expectError(response: Response, status: number, code: string) {
  const body = (await response.json()) as Json;
  expect([response.status, body.error?.code]).toEqual([status, code]);
}

/** What the browser does to send a report: derive, then post the ciphertext with the lookup hash only. */
async function sendTip(text: string, code = newCode()) {
  const keys = await deriveThreadKeys(code);
  const hash = await lookupHash(keys.lookup);
  const ciphertext = await intake.encrypt(text);
  const response = await postJson(intake, { ciphertext, lookupHash: hash, altcha: await intake.solvePow() }, address());
  return { code, hash, ciphertext, response, lookup: toBase64url(keys.lookup) };
}

const thread = (body: unknown, from = address()) => postJson(intake, body, from, '/api/thread');
const followup = (body: unknown, from = address()) => postJson(intake, body, from, '/api/thread/followups');
/** A follow-up's ciphertext as the browser sends it: the binary message, base64url. */
const sealedFollowup = async (text: string, keys?: openpgp.PublicKey[]) =>
  Buffer.from(dearmor(await intake.encrypt(text, keys))!).toString('base64url');
const deleteReply = (body: unknown, from = address()) => postJson(intake, body, from, '/api/thread/replies/delete');

beforeAll(async () => {
  gpg = await createGpg();
  officer = await gpg.generateKey('Officer Test <officer@taskforce.test>');
  await gpg.importKey(officer.secretKey);
  intake = await makeIntake({
    publicKeys: officer.publicKey,
    desk: (dataDir) => openSqliteDeskStore({ dataDir }),
    rateLimitMax: 1000,
  });
});
afterAll(async () => {
  await intake?.close();
  await gpg?.close();
});

describe('a tip from the browser becomes a case under its lookup hash', () => {
  it('202 without the code; the case holds the same ciphertext as the queue; the thread says "received"', async () => {
    const tip = await sendTip('MARKER-THREAD-TIP the boat at night');
    expect(tip.response.status).toBe(202);
    expect(await tip.response.json()).toEqual({ status: 'waiting' });
    const caseId = await intake.desk!.caseIdByLookup(tip.hash);
    expect(caseId).toMatch(/^[\w-]{22}$/);
    const [message] = await intake.desk!.messages(caseId!);
    expect(message!.kind).toBe('tip');
    expect((await gpg.decrypt(message!.body, '')).toString()).toContain('MARKER-THREAD-TIP');
    expect(await intake.queue.receiptStatus(tip.hash)).toBe('waiting');

    const answer = await thread({ lookup: tip.lookup });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(await answer.json()).toEqual({
      caseId,
      status: 'received',
      statusKey: 'thread.status.received',
      replies: [],
    });
  });

  it('the binary path (tip-lookup header) and the parts path (lookupHash on completion) file cases too', async () => {
    const code = newCode();
    const hash = await lookupHash((await deriveThreadKeys(code)).lookup);
    const armored = await intake.encrypt('MARKER-BINARY');
    const binary = dearmor(armored)!;
    const response = await intake.app.request(
      '/api/tips',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          [tipHeaders.lookup]: hash,
          [tipHeaders.proof]: await intake.solvePow(),
        },
        body: binary as Uint8Array<ArrayBuffer>,
      },
      intake.env(address()),
    );
    expect([response.status, await response.text()]).toEqual([202, '{"status":"waiting"}']);
    expect(await intake.desk!.caseIdByLookup(hash)).not.toBeNull();

    const parts = await postJson(
      intake,
      { altcha: await intake.solvePow(), parts: 1, bytes: binary.length },
      address(),
      '/api/tips/uploads',
    );
    const { upload } = (await parts.json()) as { upload: string };
    const put = await intake.app.request(
      `/api/tips/uploads/${upload}/parts/0`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: binary as Uint8Array<ArrayBuffer>,
      },
      intake.env(address()),
    );
    expect(put.status).toBe(404); // PUT only: the part route is not a POST
    const putOk = await intake.app.request(
      `/api/tips/uploads/${upload}/parts/0`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: binary as Uint8Array<ArrayBuffer>,
      },
      intake.env(address()),
    );
    expect(putOk.status).toBe(204);
    const otherHash = await lookupHash((await deriveThreadKeys(newCode())).lookup);
    const done = await postJson(intake, { lookupHash: otherHash }, address(), `/api/tips/uploads/${upload}/complete`);
    expect(done.status).toBe(202);
    expect(await done.json()).toEqual({ status: 'waiting' });
    expect(await intake.desk!.caseIdByLookup(otherHash)).not.toBeNull();
  });

  it('refuses a malformed lookup hash before anything else, and stores nothing', async () => {
    const before = await intake.queue.counts();
    for (const bad of [
      'A'.repeat(64),
      'a'.repeat(63),
      'a'.repeat(65),
      'g'.repeat(64),
      ` ${'a'.repeat(63)}`,
      42,
      null,
      ['a'],
    ]) {
      const response = await postJson(
        intake,
        { ciphertext: await intake.encrypt('x'), lookupHash: bad, altcha: 'none' },
        address(),
      );
      // A value that is not a string is not the thread at all.
      await expectError(response, 400, typeof bad === 'string' ? 'receipt.invalid' : 'body.invalid');
    }
    expect(await intake.queue.counts()).toEqual(before);
  });

  it('the same tip sent again (its answer was lost) is one case; another report under the same hash is a case of its own', async () => {
    const tip = await sendTip('MARKER-RETRY');
    const again = await postJson(
      intake,
      { ciphertext: tip.ciphertext, lookupHash: tip.hash, altcha: await intake.solvePow() },
      address(),
    );
    expect(again.status).toBe(202);
    const caseId = (await intake.desk!.caseIdByLookup(tip.hash))!;
    expect((await intake.desk!.messages(caseId)).map((m) => m.kind)).toEqual(['tip']);
    // The hash is all the server keeps (a leaked database holds it): with it alone no one can add to the tipster's
    // thread, which takes the lookup token (POST /api/thread/followups). A report under a taken hash is taken (never
    // lost) as a case with no thread, not as the tipster's follow-up.
    const other = await postJson(
      intake,
      { ciphertext: await intake.encrypt('MARKER-SECOND'), lookupHash: tip.hash, altcha: await intake.solvePow() },
      address(),
    );
    expect(other.status).toBe(202);
    expect((await intake.desk!.messages(caseId)).map((m) => m.kind)).toEqual(['tip']);
    expect(await intake.desk!.caseIdByLookup(tip.hash)).toBe(caseId);
    const { cases } = await intake.desk!.listCases({}, null, 100);
    const threadless = cases.filter((c) => c.lookupHash === null);
    expect(threadless).toHaveLength(1);
    const [filed] = await intake.desk!.messages(threadless[0]!.id);
    expect((await gpg.decrypt(filed!.body, '')).toString()).toContain('MARKER-SECOND');
    // Nor can the hash read the thread: it is not a lookup token.
    await expectError(await thread({ lookup: tip.hash }), 400, 'thread.invalid');
  });

  it('a report without JavaScript is filed under the lookup hash of its code: the status page finds it', async () => {
    const data = new FormData();
    data.set('happened', 'MARKER-NOJS-THREAD');
    data.set('lang', 'ht');
    const posted = await intake.app.request('/api/tips', { method: 'POST', body: data }, intake.env(address()));
    expect(posted.status).toBe(303);
    const page = await (await intake.app.request(posted.headers.get('location')!, {}, intake.env())).text();
    const code = /<code>([0-9A-Z-]+)<\/code>/.exec(page)![1]!;
    expect(await caseOfCode(intake.desk!, code)).not.toBeNull();
    const answer = (await (await thread({ lookup: await lookupOfCode(code) })).json()) as Json;
    expect(answer.status).toBe('received');
    // No reply key in it (the server had the code), and the report says so.
    const caseId = (await caseOfCode(intake.desk!, code))!;
    const entity = (await gpg.decrypt((await intake.desk!.messages(caseId))[0]!.body, '')).toString();
    expect(entity).not.toMatch(/X-Reply-Key/i);
    expect(entity).toContain('Replies: none possible');
  });

  it('a page from before follow-up existed (it sends the code) is still taken, under the same lookup hash', async () => {
    const code = newCode();
    const response = await postJson(
      intake,
      { ciphertext: await intake.encrypt('MARKER-OLD-PAGE'), receipt: code, altcha: await intake.solvePow() },
      address(),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ receipt: code, status: 'waiting' });
    expect(await intake.desk!.caseIdByLookup(await codeLookupHash(code))).not.toBeNull();
  });

  it('nothing stored holds the plaintext or the code: only ciphertext and hashes', async () => {
    const tip = await sendTip('MARKER-NOT-ON-DISK-7731');
    await followup({
      lookup: tip.lookup,
      ciphertext: await sealedFollowup('MARKER-FOLLOWUP-NOT-ON-DISK'),
      altcha: await intake.solvePow(),
    });
    const files = await readdir(intake.dataDir);
    expect(files.some((f) => f.startsWith('desk.sqlite'))).toBe(true);
    for (const file of files.filter((f) => f.includes('.sqlite'))) {
      const bytes = await readFile(join(intake.dataDir, file));
      for (const secret of [
        'MARKER-NOT-ON-DISK-7731',
        'MARKER-FOLLOWUP-NOT-ON-DISK',
        tip.code,
        tip.code.replaceAll('-', ''),
        tip.lookup,
      ])
        expect(bytes.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  });
});

describe('POST /api/thread', () => {
  it('shows the case status as the tipster sees it (never the closing reason), and the replies, sealed', async () => {
    const tip = await sendTip('MARKER-STATUS');
    const caseId = (await intake.desk!.caseIdByLookup(tip.hash))!;
    const statusOf = async () => ((await (await thread({ lookup: tip.lookup })).json()) as Json).status;
    await intake.desk!.updateCase(caseId, { status: 'opened' });
    expect(await statusOf()).toBe('read');
    await intake.desk!.updateCase(caseId, { status: 'assessing' });
    expect(await statusOf()).toBe('assessing');
    await intake.desk!.updateCase(caseId, { status: 'referred' });
    expect(await statusOf()).toBe('referred');

    const seq = await storeReply(intake.desk!, tip.code, 'MARKER-REPLY Thank you. Are the workers still there?', {
      signingKey: officer.secretKey,
      recordKeys: officer.publicKey,
    });
    await intake.desk!.updateCase(caseId, { status: 'closed', closeReason: 'not-genuine' });
    const answer = (await (await thread({ lookup: tip.lookup })).json()) as {
      status: string;
      statusKey: string;
      replies: Array<{ seq: number; day: string; body: string }>;
    };
    expect(answer.status).toBe('closed');
    expect(JSON.stringify(answer)).not.toContain('not-genuine');
    expect(answer.replies).toHaveLength(1);
    expect(answer.replies[0]!.seq).toBe(seq);
    expect(answer.replies[0]!.day).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(answer.replies[0]!.body).not.toContain('MARKER-REPLY');

    // What the status page does: open with the key derived from the code, verify against the task force keys.
    const keys = await deriveThreadKeys(tip.code);
    const opened = await openReply(keys.replyKeyPair, fromBase64url(answer.replies[0]!.body)!, caseId, seq);
    const verified = await openpgp.verify({
      message: await openpgp.readMessage({ binaryMessage: opened }),
      verificationKeys: await openpgp.readKeys({ armoredKeys: officer.publicKey }),
      expectSigned: true,
    });
    expect(verified.data).toContain('MARKER-REPLY');
    // The record copy is for the task force: GnuPG opens it.
    const record = (await intake.desk!.messages(caseId)).find((m) => m.seq === seq)!.record!;
    expect((await gpg.decrypt(record, '')).toString()).toContain('MARKER-REPLY');
  });

  it('an unsigned reply written straight into the store fails verification (expectSigned)', async () => {
    const tip = await sendTip('MARKER-FORGED');
    const caseId = (await intake.desk!.caseIdByLookup(tip.hash))!;
    const seq = await storeReply(intake.desk!, tip.code, 'Come to the harbour alone at midnight.', {
      signingKey: null,
    });
    const sealed = ((await (await thread({ lookup: tip.lookup })).json()) as { replies: Array<{ body: string }> })
      .replies[0]!.body;
    const opened = await openReply(
      (await deriveThreadKeys(tip.code)).replyKeyPair,
      fromBase64url(sealed)!,
      caseId,
      seq,
    );
    await expect(
      openpgp.verify({
        message: await openpgp.readMessage({ binaryMessage: opened }),
        verificationKeys: await openpgp.readKeys({ armoredKeys: officer.publicKey }),
        expectSigned: true,
      }),
    ).rejects.toThrow();
  });

  it('an unknown thread is "unknown"; hostile tokens are refused before any lookup', async () => {
    expect(await (await thread({ lookup: toBase64url(new Uint8Array(32).fill(7)) })).json()).toEqual({
      caseId: null,
      status: 'unknown',
      statusKey: 'thread.status.unknown',
      replies: [],
    });
    const good = toBase64url(new Uint8Array(32).fill(9));
    for (const lookup of [
      '',
      good.slice(1),
      `${good}A`,
      `${good.slice(0, 42)}+`,
      `${good.slice(0, 42)}B`, // a low bit a 32-byte token never sets
      `${good}=`,
      '\u0000'.repeat(43),
      'é'.repeat(43),
      42,
      null,
      { length: 43 },
    ])
      await expectError(await thread({ lookup }), 400, 'thread.invalid');
    await expectError(await thread({ lookup: good, legacy: 'nope' }), 400, 'thread.invalid');
    await expectError(await thread('not json'), 400, 'body.invalid');
    await expectError(
      await intake.app.request(
        '/api/thread',
        { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' },
        intake.env(address()),
      ),
      400,
      'body.invalid',
    );
    await expectError(await thread({ lookup: 'A'.repeat(100_000) }), 413, 'body.too-large');
  });

  it("has its own rate limit per network, apart from the reports' (429 with Retry-After)", async () => {
    const limited = await makeIntake({ publicKeys: officer.publicKey, threadReadMax: 3, rateLimitMax: 5 });
    try {
      const lookup = toBase64url(new Uint8Array(32).fill(1));
      for (let i = 0; i < 3; i++)
        expect((await postJson(limited, { lookup }, '192.0.2.1', '/api/thread')).status).toBe(200);
      const refused = await postJson(limited, { lookup }, '192.0.2.1', '/api/thread');
      await expectError(refused, 429, 'rate.limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await postJson(limited, { lookup }, '203.0.113.9', '/api/thread')).status).toBe(200);
      // The reports' allowance was not touched: a tip from the limited network still goes in.
      const tip = await postJson(
        limited,
        { ciphertext: await limited.encrypt('x'), lookupHash: 'a'.repeat(64), altcha: await limited.solvePow() },
        '192.0.2.1',
      );
      expect(tip.status).toBe(202);
      // No client address: refused, never counted in a shared bucket.
      await expectError(
        await limited.app.request('/api/thread', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ lookup }),
        }),
        503,
        'server.unavailable',
      );
    } finally {
      await limited.close();
    }
  });

  it('the old status endpoint (POST /api/status) takes the same reading allowance: 429, a localized page without JS', async () => {
    const limited = await makeIntake({ publicKeys: officer.publicKey, threadReadMax: 3, rateLimitMax: 5 });
    try {
      const receipt = newCode();
      const statusForm = (lang: string, from: string) =>
        limited.app.request(
          `/api/status?lang=${lang}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ receipt, lang }).toString(),
          },
          limited.env(from),
        );
      expect((await postJson(limited, { receipt }, '192.0.2.2', '/api/status')).status).toBe(200);
      expect((await statusForm('en', '192.0.2.2')).status).toBe(200);
      const lookup = toBase64url(new Uint8Array(32).fill(2));
      expect((await postJson(limited, { lookup }, '192.0.2.2', '/api/thread')).status).toBe(200);
      // One allowance for every way of asking: the status endpoint, its form and the thread.
      const json = await postJson(limited, { receipt }, '192.0.2.2', '/api/status');
      await expectError(json, 429, 'rate.limited');
      expect(Number(json.headers.get('retry-after'))).toBeGreaterThan(0);
      await expectError(await postJson(limited, { lookup }, '192.0.2.2', '/api/thread'), 429, 'rate.limited');
      const page = await statusForm('es', '192.0.2.2');
      expect(page.status).toBe(429);
      expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
      const html = await page.text();
      expect(html).toContain('<html lang="es"');
      expect(html).toContain('Demasiadas consultas desde su red en poco tiempo.');
      expect(html).toContain('href="/es/status/"');
      // A code that is not one is refused before it costs anything; another network still has its allowance.
      await expectError(
        await postJson(limited, { receipt: 'nope' }, '192.0.2.2', '/api/status'),
        400,
        'receipt.invalid',
      );
      expect((await postJson(limited, { receipt }, '203.0.113.50', '/api/status')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('without the desk: the delivery status, by the lookup hash or (older reports) by the hash of the code', async () => {
    const plain = await makeIntake({ publicKeys: officer.publicKey });
    try {
      const code = newCode();
      const keys = await deriveThreadKeys(code);
      const hash = await lookupHash(keys.lookup);
      await postJson(plain, { ciphertext: await plain.encrypt('x'), lookupHash: hash, altcha: await plain.solvePow() });
      const lookup = toBase64url(keys.lookup);
      expect(await (await postJson(plain, { lookup }, undefined, '/api/thread')).json()).toEqual({
        caseId: null,
        status: 'waiting',
        statusKey: 'thread.status.waiting',
        replies: [],
      });
      const [queued] = await plain.queue.claim(plain.clock.now(), 60_000, 10);
      await plain.queue.markDelivered(queued!.id, plain.clock.now());
      expect(((await (await postJson(plain, { lookup }, undefined, '/api/thread')).json()) as Json).status).toBe(
        'delivered',
      );

      // A report from before: stored under SHA-256 of the code itself.
      const old = newCode();
      const { createHash } = await import('node:crypto');
      const legacy = createHash('sha256').update(old).digest('hex');
      await plain.queue.enqueue(
        { id: crypto.randomUUID(), armored: await plain.encrypt('old'), receiptHash: legacy },
        plain.clock.now(),
      );
      const oldLookup = await lookupOfCode(old);
      expect(
        ((await (await postJson(plain, { lookup: oldLookup }, undefined, '/api/thread')).json()) as Json).status,
      ).toBe('unknown');
      expect(
        ((await (await postJson(plain, { lookup: oldLookup, legacy }, undefined, '/api/thread')).json()) as Json)
          .status,
      ).toBe('waiting');
      // The no-JS status form finds it too.
      const page = await plain.app.request(
        '/api/status',
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ receipt: old, lang: 'en' }).toString(),
        },
        plain.env(),
      );
      expect(await page.text()).toContain('status-waiting');
      // No desk, no thread to follow up on.
      await expectError(
        await postJson(
          plain,
          { lookup, ciphertext: await plain.encrypt('x'), altcha: await plain.solvePow() },
          undefined,
          '/api/thread/followups',
        ),
        404,
        'thread.unknown',
      );
    } finally {
      await plain.close();
    }
  });
});

describe('POST /api/thread/followups', () => {
  it('joins the thread as a follow-up and goes out by mail like a report (202 once stored)', async () => {
    const tip = await sendTip('MARKER-FIRST');
    const caseId = (await intake.desk!.caseIdByLookup(tip.hash))!;
    const pendingBefore = (await intake.queue.counts()).pending;
    const response = await followup({
      lookup: tip.lookup,
      ciphertext: await sealedFollowup('MARKER-FOLLOWUP the van is back'),
      altcha: await intake.solvePow(),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ seq: 1, status: 'waiting' });
    const [, added] = await intake.desk!.messages(caseId);
    expect(added!.kind).toBe('followup');
    expect((await gpg.decrypt(added!.body, '')).toString()).toContain('MARKER-FOLLOWUP');
    expect((await intake.queue.counts()).pending).toBe(pendingBefore + 1);
  });

  it('refuses, storing nothing: a bad token, an unknown thread, no or a used proof of work, a wrong envelope, too large', async () => {
    const tip = await sendTip('MARKER-REFUSALS');
    const caseId = (await intake.desk!.caseIdByLookup(tip.hash))!;
    const ciphertext = await sealedFollowup('MARKER-REFUSED');
    await expectError(
      await followup({ lookup: 'x', ciphertext, altcha: await intake.solvePow() }),
      400,
      'thread.invalid',
    );
    await expectError(
      await followup({ lookup: tip.lookup, ciphertext: 42, altcha: await intake.solvePow() }),
      400,
      'body.invalid',
    );
    await expectError(await followup({ lookup: tip.lookup, ciphertext }), 400, 'pow.missing');
    const used = await intake.solvePow();
    expect((await followup({ lookup: tip.lookup, ciphertext, altcha: used })).status).toBe(202);
    await expectError(await followup({ lookup: tip.lookup, ciphertext, altcha: used }), 409, 'pow.replayed');
    await expectError(
      await followup({ lookup: toBase64url(new Uint8Array(32).fill(3)), ciphertext, altcha: await intake.solvePow() }),
      404,
      'thread.unknown',
    );
    const stranger = (await openpgp.generateKey({ userIDs: [{ name: 'Not the task force' }], format: 'object' }))
      .publicKey;
    await expectError(
      await followup({
        lookup: tip.lookup,
        ciphertext: await sealedFollowup('x', [stranger]),
        altcha: await intake.solvePow(),
      }),
      409,
      'keys.changed',
    );
    for (const bad of ['not base64!', 'QUJD=', await intake.encrypt('armored is not what this route takes')])
      await expectError(
        await followup({ lookup: tip.lookup, ciphertext: bad, altcha: await intake.solvePow() }),
        400,
        'envelope.malformed',
      );
    const huge = await intake.app.request(
      '/api/thread/followups',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(followupLimits.maxRequestBytes + 1) },
        body: 'x',
      },
      intake.env(address()),
    );
    await expectError(huge, 413, 'body.too-large');
    // Only the one accepted follow-up was added.
    expect((await intake.desk!.messages(caseId)).map((m) => m.kind)).toEqual(['tip', 'followup']);
  });
});

describe('POST /api/thread/replies/delete', () => {
  it('deletes a reply for good; never the tip or a follow-up; only in the thread the token opens', async () => {
    const tip = await sendTip('MARKER-DELETE');
    const other = await sendTip('MARKER-OTHER');
    const caseId = (await intake.desk!.caseIdByLookup(tip.hash))!;
    await followup({ lookup: tip.lookup, ciphertext: await sealedFollowup('f'), altcha: await intake.solvePow() });
    const seq = await storeReply(intake.desk!, tip.code, 'MARKER-DELETED-REPLY', { signingKey: officer.secretKey });
    expect(seq).toBe(2);

    await expectError(await deleteReply({ lookup: other.lookup, seq }), 404, 'reply.unknown');
    await expectError(await deleteReply({ lookup: tip.lookup, seq: 1 }), 404, 'reply.unknown'); // the follow-up
    for (const bad of [0, -1, 1.5, '2', null, 1e9])
      await expectError(await deleteReply({ lookup: tip.lookup, seq: bad }), 400, 'thread.invalid');
    await expectError(await deleteReply({ lookup: 'nope', seq }), 400, 'thread.invalid');
    await expectError(
      await deleteReply({ lookup: toBase64url(new Uint8Array(32).fill(4)), seq }),
      404,
      'thread.unknown',
    );

    const deleted = await deleteReply({ lookup: tip.lookup, seq });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ deleted: seq });
    expect((await intake.desk!.messages(caseId)).map((m) => [m.seq, m.kind])).toEqual([
      [0, 'tip'],
      [1, 'followup'],
    ]);
    expect(((await (await thread({ lookup: tip.lookup })).json()) as { replies: unknown[] }).replies).toEqual([]);
    await expectError(await deleteReply({ lookup: tip.lookup, seq }), 404, 'reply.unknown');
  });
});
