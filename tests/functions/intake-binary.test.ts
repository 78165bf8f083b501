// POST /api/tips with application/octet-stream: the browser's binary OpenPGP message, the reference code and the
// proof of work in headers; through app.request() against the real parts (SQLite queue, demo keys, ALTCHA). The
// reference code, the proof of work and the rate limit are checked before the body is read; the envelope as for
// the JSON API; what is stored is armored for mail.
import * as openpgp from 'openpgp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dearmor } from '../../functions/pgp/armor.ts';
import { codeLookupHash } from '../../functions/tips/store.ts';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { tipHeaders, tipLimits } from '../../src/shared/tip-fields.ts';
import { makeIntake, type TestIntake } from './helpers/intake.ts';

const code = () => newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));

async function expectError(response: Response, status: number, errorCode: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string } };
  expect(body.error.code).toBe(errorCode);
}

describe('binary intake', () => {
  let intake: TestIntake;
  beforeAll(async () => {
    intake = await makeIntake({ rateLimitMax: 50 });
  });
  afterAll(() => intake.close());
  afterEach(async () => {
    for (const tip of await intake.queue.claim(intake.clock.now() + 1e12, 1, 1000))
      await intake.queue.markDelivered(tip.id, 0);
  });

  const post = (body: BodyInit | Uint8Array, headers: Record<string, string>, address?: string) =>
    intake.app.request(
      '/api/tips',
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', ...headers },
        body: body as BodyInit,
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit,
      intake.env(address),
    );
  const binary = async (text: string, keys?: openpgp.PublicKey[]) => dearmor(await intake.encrypt(text, keys))!;

  it('accepts a binary message: 202 once queued, stored armored for mail, and the officers can decrypt it', async () => {
    const receipt = code();
    const message = await binary('MARKER-BINARY-ACCEPT a boat at night');
    const response = await post(message, {
      [tipHeaders.receipt]: receipt.toLowerCase(),
      [tipHeaders.proof]: await intake.solvePow(),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ receipt, status: 'waiting' });
    expect(await intake.queue.receiptStatus(await codeLookupHash(receipt))).toBe('waiting');
    const [stored] = await intake.queue.claim(intake.clock.now(), 60_000, 10);
    expect(stored!.armored).toMatch(/^-----BEGIN PGP MESSAGE-----\n\n/);
    expect(dearmor(stored!.armored)).toEqual(message);
    expect(await intake.decrypt(stored!.armored)).toBe('MARKER-BINARY-ACCEPT a boat at night');
  });

  it('checks the reference code, then the proof of work, before it reads the body', async () => {
    let pulled = 0;
    const body = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(1024));
          if (pulled > 3) controller.close();
        },
      });
    const proof = await intake.solvePow();
    await expectError(await post(body(), { [tipHeaders.proof]: proof }), 400, 'receipt.invalid');
    await expectError(
      await post(body(), { [tipHeaders.receipt]: 'ABCD', [tipHeaders.proof]: proof }),
      400,
      'receipt.invalid',
    );
    await expectError(await post(body(), { [tipHeaders.receipt]: code() }), 400, 'pow.missing');
    await expectError(
      await post(body(), { [tipHeaders.receipt]: code(), [tipHeaders.proof]: 'bm90IGpzb24=' }),
      400,
      'pow.invalid',
    );
    expect(pulled).toBeLessThanOrEqual(4); // at most what a stream pulls ahead once, never the body
    expect((await intake.queue.counts()).pending).toBe(0);
  });

  it('refuses what the envelope check refuses, and a body over the limit', async () => {
    const headers = async () => ({ [tipHeaders.receipt]: code(), [tipHeaders.proof]: await intake.solvePow() });
    const other = (await openpgp.generateKey({ userIDs: [{ name: 'Not the task force' }], format: 'object' }))
      .publicKey;
    await expectError(await post(await binary('x', [other]), await headers()), 409, 'keys.changed');
    const plaintext = (await openpgp.createMessage({ text: 'MARKER-BINARY-PLAINTEXT' })).write() as Uint8Array;
    await expectError(await post(plaintext, await headers()), 422, 'envelope.packets');
    await expectError(
      await post(new TextEncoder().encode('MARKER-BINARY-JUNK'), await headers()),
      400,
      'envelope.malformed',
    );
    // An armored message is not a binary one.
    await expectError(
      await post(new TextEncoder().encode(await intake.encrypt('x')), await headers()),
      400,
      'envelope.malformed',
    );
    const huge = await post(new Uint8Array(8), {
      ...(await headers()),
      'content-length': String(tipLimits.maxRequestBytes + 1),
    });
    await expectError(huge, 413, 'body.too-large');
    expect((await intake.queue.counts()).pending).toBe(0);
  });

  it('from another site → 403', async () => {
    const response = await post(await binary('x'), {
      [tipHeaders.receipt]: code(),
      [tipHeaders.proof]: await intake.solvePow(),
      'sec-fetch-site': 'cross-site',
    });
    await expectError(response, 403, 'request.cross-site');
  });
});
