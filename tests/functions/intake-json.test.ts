// POST /api/tips with JSON, GET /api/altcha and POST /api/status, through app.request() against the real parts
// (SQLite queue, demo keys, ALTCHA, in-process limiter). Every rejection must leave the queue empty.
import * as openpgp from 'openpgp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { tipLimits } from '../../src/shared/tip-fields.ts';
import { codeLookupHash } from '../../functions/tips/store.ts';
import { makeIntake, postJson, type TestIntake } from './helpers/intake.ts';

const code = () => newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));
const otherKey = async () =>
  (await openpgp.generateKey({ userIDs: [{ name: 'Not the task force' }], format: 'object' })).publicKey;

/** One OpenPGP packet in the new format (RFC 4880 §4.2.2, one-octet length). */
function packet(tag: number, body: number[] | Uint8Array): Uint8Array {
  return new Uint8Array([0xc0 | tag, body.length, ...body]);
}

async function expectError(response: Response, status: number, errorCode: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(errorCode);
  expect(body.error.message).toMatch(/^[A-Z].+\.$/); // an English sentence
}

describe('JSON intake', () => {
  let intake: TestIntake;
  beforeAll(async () => {
    intake = await makeIntake();
  });
  afterAll(() => intake.close());
  afterEach(async () => {
    // Rejections never store anything; acceptance tests clean up what they stored.
    for (const tip of await intake.queue.claim(intake.clock.now() + 1e12, 1, 1000))
      await intake.queue.markDelivered(tip.id, 0);
  });

  const tip = async (overrides: Record<string, unknown> = {}) => ({
    ciphertext: await intake.encrypt('a report'),
    receipt: code(),
    altcha: await intake.solvePow(),
    ...overrides,
  });

  it('GET /api/altcha gives a signed PBKDF2 challenge, uncached, with the security headers', async () => {
    const response = await intake.app.request('/api/altcha');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('set-cookie')).toBeNull();
    const challenge = (await response.json()) as { parameters: Record<string, unknown>; signature: string };
    expect(challenge.parameters.algorithm).toBe('PBKDF2/SHA-256');
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts a well-formed tip: 202 only once it is queued, and the officers can decrypt it', async () => {
    const receipt = code();
    const ciphertext = await intake.encrypt('MARKER-JSON-ACCEPT what I saw at the port');
    const before = intake.afterEnqueue.length;
    const response = await postJson(intake, {
      ciphertext,
      receipt: receipt.toLowerCase(),
      altcha: await intake.solvePow(),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ receipt, status: 'waiting' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await intake.queue.counts()).toEqual({ pending: 1, dead: 0 });
    expect(intake.afterEnqueue.length).toBe(before + 1);
    const [stored] = await intake.queue.claim(intake.clock.now(), 60_000, 10);
    expect(stored!.id).toBe(intake.afterEnqueue.at(-1));
    expect(await intake.decrypt(stored!.armored)).toContain('MARKER-JSON-ACCEPT');
    // Only the hash of the code is kept, and it answers the status page.
    expect(stored!.armored).not.toContain(receipt);
    expect(await intake.queue.receiptStatus(await codeLookupHash(receipt))).toBe('waiting');
  });

  it('stores the re-armored packets, not armor headers the client added', async () => {
    const ciphertext = (await intake.encrypt('x')).replace(
      '-----BEGIN PGP MESSAGE-----\n',
      '-----BEGIN PGP MESSAGE-----\nComment: MARKER-ARMOR-HEADER\n',
    );
    const response = await postJson(intake, await tip({ ciphertext }));
    expect(response.status).toBe(202);
    const [stored] = await intake.queue.claim(intake.clock.now(), 60_000, 10);
    expect(stored!.armored).not.toContain('MARKER-ARMOR-HEADER');
    expect(await intake.decrypt(stored!.armored)).toBe('x');
  });

  describe('rejections', () => {
    afterEach(async () => {
      expect(await intake.queue.counts()).toEqual({ pending: 0, dead: 0 });
    });

    it('junk JSON → 400 body.invalid', async () => {
      await expectError(await postJson(intake, '{"ciphertext": MARKER-JUNK'), 400, 'body.invalid');
    });

    it('JSON of the wrong shape → 400 body.invalid', async () => {
      await expectError(await postJson(intake, [1, 2]), 400, 'body.invalid');
      await expectError(await postJson(intake, { ciphertext: 5, receipt: code() }), 400, 'body.invalid');
      await expectError(await postJson(intake, { receipt: code(), altcha: 'x' }), 400, 'body.invalid');
    });

    it('a content type other than JSON or a form → 400 body.invalid', async () => {
      const response = await intake.app.request(
        '/api/tips',
        { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' },
        intake.env(),
      );
      await expectError(response, 400, 'body.invalid');
    });

    it('a bad reference code → 400 receipt.invalid', async () => {
      await expectError(await postJson(intake, await tip({ receipt: 'ABCD-EFGH' })), 400, 'receipt.invalid');
      await expectError(
        await postJson(intake, await tip({ receipt: 'UUUU-UUUU-UUUU-UUUU-UUUU' })),
        400,
        'receipt.invalid',
      );
      await expectError(await postJson(intake, await tip({ receipt: 42 })), 400, 'body.invalid');
    });

    it('missing proof of work → 400 pow.missing', async () => {
      await expectError(await postJson(intake, await tip({ altcha: undefined })), 400, 'pow.missing');
      await expectError(await postJson(intake, await tip({ altcha: '' })), 400, 'pow.missing');
    });

    it('invalid proof of work → 400 pow.invalid', async () => {
      await expectError(await postJson(intake, await tip({ altcha: 'bm90IGpzb24=' })), 400, 'pow.invalid');
      await expectError(await postJson(intake, await tip({ altcha: { x: 1 } })), 400, 'pow.missing');
      // A real challenge with a wrong answer.
      const payload = JSON.parse(Buffer.from(await intake.solvePow(), 'base64').toString());
      payload.solution.counter += 1;
      payload.solution.derivedKey = 'ab'.repeat(32);
      await expectError(
        await postJson(intake, await tip({ altcha: Buffer.from(JSON.stringify(payload)).toString('base64') })),
        400,
        'pow.invalid',
      );
      // A tampered challenge (easier parameters) breaks its signature.
      const tampered = JSON.parse(Buffer.from(await intake.solvePow(), 'base64').toString());
      tampered.challenge.parameters.expiresAt += 86_400;
      await expectError(
        await postJson(intake, await tip({ altcha: Buffer.from(JSON.stringify(tampered)).toString('base64') })),
        400,
        'pow.invalid',
      );
    });

    it('a proof of work used twice → 409 pow.replayed', async () => {
      const altcha = await intake.solvePow();
      expect((await postJson(intake, await tip({ altcha }))).status).toBe(202);
      await intake.queue.markDelivered((await intake.queue.claim(intake.clock.now(), 1, 10))[0]!.id, 0);
      await expectError(await postJson(intake, await tip({ altcha })), 409, 'pow.replayed');
    });

    it('malformed armor → 400 envelope.malformed', async () => {
      await expectError(
        await postJson(intake, await tip({ ciphertext: 'MARKER-NOT-ARMOR' })),
        400,
        'envelope.malformed',
      );
      const good = await intake.encrypt('x');
      await expectError(
        await postJson(intake, await tip({ ciphertext: good.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!') })),
        400,
        'envelope.malformed',
      );
      // Plaintext smuggled around a valid block.
      await expectError(
        await postJson(intake, await tip({ ciphertext: `MARKER-OUTSIDE\n${good}` })),
        400,
        'envelope.malformed',
      );
      await expectError(
        await postJson(intake, await tip({ ciphertext: `${good}\nMARKER-OUTSIDE` })),
        400,
        'envelope.malformed',
      );
      // Another kind of armor: a public key block.
      await expectError(
        await postJson(intake, await tip({ ciphertext: intake.keys.armored })),
        400,
        'envelope.malformed',
      );
    });

    it('plaintext (a literal data packet) → 422 envelope.packets', async () => {
      const plaintext = (await openpgp.createMessage({ text: 'MARKER-PLAINTEXT' })).armor();
      await expectError(await postJson(intake, await tip({ ciphertext: plaintext })), 422, 'envelope.packets');
    });

    it('a password packet, alone or beside the keys → 422 envelope.packets', async () => {
      const message = await openpgp.createMessage({ text: 'x' });
      const both = await openpgp.encrypt({ message, encryptionKeys: intake.keys.keys, passwords: ['secret'] });
      await expectError(await postJson(intake, await tip({ ciphertext: both })), 422, 'envelope.packets');
      const only = await openpgp.encrypt({ message, passwords: ['secret'] });
      await expectError(await postJson(intake, await tip({ ciphertext: only })), 422, 'envelope.packets');
    });

    it('a compressed message → 422 envelope.packets', async () => {
      const compressed = await openpgp.encrypt({
        message: await openpgp.createMessage({ text: 'x' }),
        encryptionKeys: intake.keys.keys,
        config: { preferredCompressionAlgorithm: openpgp.enums.compression.zip },
      });
      // Compression hides inside the encrypted packet, so it passes the envelope: only the outside is checked.
      expect((await postJson(intake, await tip({ ciphertext: compressed }))).status).toBe(202);
      await intake.queue.markDelivered((await intake.queue.claim(intake.clock.now(), 1, 10))[0]!.id, 0);
      // A compressed packet outside the encryption is refused (built by hand: "uncompressed" compression of a
      // literal packet, which would otherwise store readable text).
      const literal = packet(11, [0x62, 0, 0, 0, 0, 0, ...new TextEncoder().encode('MARKER-COMPRESSED')]);
      const outside = openpgp.armor(openpgp.enums.armor.message, packet(8, [0, ...literal]));
      await expectError(await postJson(intake, await tip({ ciphertext: outside })), 422, 'envelope.packets');
    });

    it('a different key only → 409 keys.changed (a page from before the keys were replaced)', async () => {
      await expectError(
        await postJson(intake, await tip({ ciphertext: await intake.encrypt('x', [await otherKey()]) })),
        409,
        'keys.changed',
      );
    });

    it('an extra recipient beside the task force keys → 422 envelope.recipients', async () => {
      const ciphertext = await intake.encrypt('x', [...intake.keys.keys, await otherKey()]);
      await expectError(await postJson(intake, await tip({ ciphertext })), 422, 'envelope.recipients');
    });

    it('a wildcard (anonymous) recipient → 422 envelope.recipients', async () => {
      const ciphertext = await openpgp.encrypt({
        message: await openpgp.createMessage({ text: 'x' }),
        encryptionKeys: intake.keys.keys,
        wildcard: true,
      });
      await expectError(await postJson(intake, await tip({ ciphertext })), 422, 'envelope.recipients');
    });

    it('a body over the limit → 413 body.too-large, before parsing', async () => {
      const huge = 'A'.repeat(tipLimits.maxRequestBytes + 1);
      await expectError(await postJson(intake, huge), 413, 'body.too-large');
      const withLength = await intake.app.request(
        '/api/tips',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(tipLimits.maxRequestBytes + 1) },
          body: '{}',
        },
        intake.env(),
      );
      await expectError(withLength, 413, 'body.too-large');
    });

    it('a post from another site (Sec-Fetch-Site: cross-site) → 403', async () => {
      const response = await intake.app.request(
        '/api/tips',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
          body: JSON.stringify(await tip()),
        },
        intake.env(),
      );
      await expectError(response, 403, 'request.cross-site');
    });

    it('an unknown API route → 404 JSON, never the site', async () => {
      const response = await intake.app.request('/api/nothing');
      expect(response.status).toBe(404);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not-found');
    });
  });

  describe('status', () => {
    it('unknown for a code never used, waiting after a tip, delivered after forwarding', async () => {
      const receipt = code();
      const ask = async (r: string) => (await postJson(intake, { receipt: r }, undefined, '/api/status')).json();
      expect(await ask(receipt)).toEqual({ status: 'unknown' });
      expect((await postJson(intake, await tip({ receipt }))).status).toBe(202);
      expect(await ask(receipt)).toEqual({ status: 'waiting' });
      // Typed back by a person: lower case, spaces, O for 0.
      expect(await ask(receipt.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o'))).toEqual({ status: 'waiting' });
      const [claimed] = await intake.queue.claim(intake.clock.now(), 60_000, 10);
      await intake.queue.markDelivered(claimed!.id, intake.clock.now());
      expect(await ask(receipt)).toEqual({ status: 'delivered' });
    });

    it('a bad code → 400 receipt.invalid; junk → 400 body.invalid', async () => {
      await expectError(await postJson(intake, { receipt: 'nope' }, undefined, '/api/status'), 400, 'receipt.invalid');
      await expectError(await postJson(intake, '{{', undefined, '/api/status'), 400, 'body.invalid');
    });
  });
});

describe('JSON intake with two task force keys', () => {
  let intake: TestIntake;
  let keyA: openpgp.PublicKey;
  let keyB: openpgp.PublicKey;
  beforeAll(async () => {
    [keyA, keyB] = await Promise.all([otherKey(), otherKey()]);
    intake = await makeIntake({ publicKeys: `${keyA.armor()}\n${keyB.armor()}` });
  });
  afterAll(() => intake.close());

  const send = async (ciphertext: string) =>
    postJson(intake, { ciphertext, receipt: code(), altcha: await intake.solvePow() });

  it('needs both keys as recipients', async () => {
    await expectError(await send(await intake.encrypt('x', [keyA])), 422, 'envelope.recipients');
    await expectError(await send(await intake.encrypt('x', [keyB])), 422, 'envelope.recipients');
    expect(await intake.queue.counts()).toEqual({ pending: 0, dead: 0 });
    expect((await send(await intake.encrypt('x', [keyB, keyA]))).status).toBe(202);
    expect(await intake.queue.counts()).toEqual({ pending: 1, dead: 0 });
  });

  it('one of the keys replaced by an old one → keys.changed', async () => {
    await expectError(await send(await intake.encrypt('x', [keyA, await otherKey()])), 409, 'keys.changed');
  });
});

describe('rate limit', () => {
  let intake: TestIntake;
  beforeAll(async () => {
    intake = await makeIntake({ rateLimitMax: 2 });
  });
  afterAll(() => intake.close());

  const send = async (address: string) =>
    postJson(
      intake,
      { ciphertext: await intake.encrypt('x'), receipt: code(), altcha: await intake.solvePow() },
      address,
    );

  it('refuses the third tip from one /24 within the window with 429 and Retry-After, then lets it through later', async () => {
    expect((await send('198.51.100.1')).status).toBe(202);
    expect((await send('198.51.100.2')).status).toBe(202); // same /24: same key
    const refused = await send('198.51.100.3');
    await expectError(refused, 429, 'rate.limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Another network is not affected.
    expect((await send('192.0.2.1')).status).toBe(202);
    expect(await intake.queue.counts()).toEqual({ pending: 3, dead: 0 });
    intake.clock.advance(601_000);
    expect((await send('198.51.100.3')).status).toBe(202);
  });

  it('with TRUSTED_CLIENT_IP=socket, X-Forwarded-For and X-Real-IP cannot move a client to another bucket', async () => {
    const socket = '100.64.7.80';
    const spoofed = async (i: number) =>
      intake.app.request(
        '/api/tips',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${i}.0.1`, 'x-real-ip': `10.${i}.0.2` },
          body: JSON.stringify({
            ciphertext: await intake.encrypt('x'),
            receipt: code(),
            altcha: await intake.solvePow(),
          }),
        },
        intake.env(socket),
      );
    expect((await spoofed(1)).status).toBe(202);
    expect((await spoofed(2)).status).toBe(202);
    await expectError(await spoofed(3), 429, 'rate.limited');
  });

  it('a request without a valid proof of work does not use up the allowance', async () => {
    for (let i = 0; i < 5; i++) {
      await expectError(
        await postJson(intake, { ciphertext: 'x', receipt: code(), altcha: 'bad' }, '203.0.113.50'),
        400,
        'pow.invalid',
      );
    }
    expect((await send('203.0.113.50')).status).toBe(202);
  });
});
