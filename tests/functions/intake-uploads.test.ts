// A report sent in parts (POST /api/tips/uploads, PUT …/parts/:index, POST …/complete) through app.request(), on
// the embedded parts (SQLite queue and staging) and on Redis (Streams queue and Redis staging over TCP): the whole
// protocol, every rejection, and the browser's own uploader (src/tipline/upload.ts) against the real app. Parts are
// binary (application/octet-stream): pieces of the OpenPGP message the browser encrypted.
import { randomBytes } from 'node:crypto';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serverLimits } from '../../functions/http/limits.ts';
import type { UploadStaging } from '../../functions/ports.ts';
import { createRedisQueue } from '../../functions/queue/redis.ts';
import { createTcpRedis, type RedisClient } from '../../functions/redis/client.ts';
import { createRedisUploadStaging } from '../../functions/staging/redis.ts';
import { openSqliteStaging } from '../../functions/staging/sqlite.ts';
import { dearmor } from '../../functions/pgp/armor.ts';
import { codeLookupHash } from '../../functions/tips/store.ts';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { tipLimits } from '../../src/shared/tip-fields.ts';
import { TipError } from '../../src/tipline/errors.ts';
import {
  partRetryDelaysMs,
  sendInParts,
  splitIntoParts,
  type BinaryRequest,
  type UploadDeps,
} from '../../src/tipline/upload.ts';
import { makeIntake, postJson, type IntakeOptions, type TestIntake } from './helpers/intake.ts';
import { dumpAll, startRedis, type TestRedis } from './redis-server.ts';

const code = () => newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));
const partBytes = tipLimits.uploadPartBytes;
/** The binary message of an armored one. */
const binaryOf = (armored: string) => dearmor(armored)!;

async function expectError(response: Response, status: number, errorCode: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(errorCode);
  expect(body.error.message).toMatch(/^[A-Z].+\.$/);
  return body;
}

let redis: TestRedis;
const clients: RedisClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await redis?.stop();
});

interface Backend {
  name: string;
  options(ttlMs?: number): IntakeOptions;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    options: (ttlMs) => ({
      staging: (dataDir) => openSqliteStaging({ dataDir, ttlMs, expiryRoundingMs: ttlMs ? 1 : undefined }),
    }),
  },
  {
    name: 'Redis',
    options: (ttlMs) => {
      const client = createTcpRedis(redis.url);
      clients.push(client);
      const prefix = `t${randomBytes(6).toString('hex')}:`;
      return {
        queue: () => createRedisQueue(client, { prefix }),
        staging: (): UploadStaging => createRedisUploadStaging(client, { prefix, ttlMs }),
      };
    },
  },
];

for (const backend of backends) {
  describe(`report in parts (${backend.name})`, () => {
    let intake: TestIntake;
    let big: { binary: Uint8Array; marker: string };
    beforeAll(async () => {
      intake = await makeIntake(backend.options());
      // 1.2 MiB of ciphertext: two parts. (A full report is about ten.)
      big = await (async () => {
        const marker = `MARKER-PARTS-${randomBytes(4).toString('hex')}`;
        const bytes = new Uint8Array(1.2 * 1024 * 1024);
        for (let at = 0; at < bytes.length; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
        bytes.set(new TextEncoder().encode(marker), 0);
        const binary = await openpgp.encrypt({
          message: await openpgp.createMessage({ binary: bytes }),
          encryptionKeys: intake.keys.keys,
          format: 'binary',
        });
        return { binary, marker };
      })();
    }, 30_000);
    afterAll(() => intake.close());

    const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      intake.app.request(
        path,
        {
          method,
          headers: { 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        },
        intake.env(),
      );
    const open = async (binary: Uint8Array, overrides: Record<string, unknown> = {}) =>
      json('POST', '/api/tips/uploads', {
        altcha: await intake.solvePow(),
        parts: Math.ceil(binary.length / partBytes),
        bytes: binary.length,
        ...overrides,
      });
    const opened = async (binary: Uint8Array) => {
      const response = await open(binary);
      expect(response.status).toBe(201);
      return ((await response.json()) as { upload: string }).upload;
    };
    const binaryRequest = (method: string, path: string, body: Uint8Array, headers: Record<string, string> = {}) =>
      intake.app.request(
        path,
        { method, headers: { 'content-type': 'application/octet-stream', ...headers }, body: body as BodyInit },
        intake.env(),
      );
    const put = (upload: string, index: number | string, data: Uint8Array) =>
      binaryRequest('PUT', `/api/tips/uploads/${upload}/parts/${index}`, data);
    const uploader = (binary: BinaryRequest, say: UploadDeps['say'] = () => {}): UploadDeps => ({
      json: async (method, path, body) => json(method, path, body),
      binary,
      say,
      progress: () => {},
      sleep: async () => {},
    });
    const complete = (upload: string, receipt: string = code()) =>
      json('POST', `/api/tips/uploads/${upload}/complete`, { receipt });
    const queued = async () => (await intake.queue.counts()).pending;
    const drain = async () => {
      for (const tip of await intake.queue.claim(intake.clock.now() + 1e12, 1, 1000))
        await intake.queue.markDelivered(tip.id, 0);
    };

    it('open → parts (in any order) → complete: 202 once queued, the same ciphertext, the parts gone', async () => {
      await drain();
      const response = await open(big.binary);
      expect(response.status).toBe(201);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as { upload: string; parts: number; partBytes: number };
      expect(body.upload).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 random bits
      expect(body.parts).toBe(2);
      expect(body.partBytes).toBe(partBytes);
      const parts = splitIntoParts(big.binary);
      expect((await put(body.upload, 1, parts[1]!)).status).toBe(204);
      expect((await put(body.upload, 0, parts[0]!)).status).toBe(204);
      const before = intake.afterEnqueue.length;
      const receipt = code();
      const done = await complete(body.upload, receipt.toLowerCase());
      expect(done.status).toBe(202);
      expect(await done.json()).toEqual({ receipt, status: 'waiting' });
      expect(intake.afterEnqueue.length).toBe(before + 1);
      expect(await intake.queue.receiptStatus(await codeLookupHash(receipt))).toBe('waiting');
      const [stored] = await intake.queue.claim(intake.clock.now(), 60_000, 10);
      expect(stored!.id).toBe(intake.afterEnqueue.at(-1));
      expect(await intake.decrypt(stored!.armored)).toContain(big.marker);
      // Completed: the upload is gone, a second completion finds nothing.
      await expectError(await complete(body.upload), 404, 'upload.unknown');
      expect(await intake.staging.plan(body.upload, intake.clock.now())).toBeNull();
      await drain();
    });

    it('a part sent twice (a retry after a lost answer) changes nothing', async () => {
      const upload = await opened(big.binary);
      const parts = splitIntoParts(big.binary);
      expect((await put(upload, 0, parts[0]!)).status).toBe(204);
      expect((await put(upload, 0, parts[0]!)).status).toBe(204);
      expect((await put(upload, 1, parts[1]!)).status).toBe(204);
      expect((await put(upload, 1, parts[1]!)).status).toBe(204);
      expect((await complete(upload)).status).toBe(202);
      expect(await queued()).toBe(1);
      const [stored] = await intake.queue.claim(intake.clock.now(), 60_000, 10);
      expect(await intake.decrypt(stored!.armored)).toContain(big.marker);
      await drain();
    });

    it('a small report may go in one part', async () => {
      const binary = binaryOf(await intake.encrypt('MARKER-ONE-PART'));
      const upload = await opened(binary);
      expect((await put(upload, 0, binary)).status).toBe(204);
      expect((await complete(upload)).status).toBe(202);
      const [stored] = await intake.queue.claim(intake.clock.now(), 60_000, 10);
      expect(await intake.decrypt(stored!.armored)).toBe('MARKER-ONE-PART');
      await drain();
    });

    it('a missing part at complete → 409 upload.incomplete naming it; sent afterwards, the upload completes', async () => {
      const upload = await opened(big.binary);
      const parts = splitIntoParts(big.binary);
      expect((await put(upload, 0, parts[0]!)).status).toBe(204);
      const body = await expectError(await complete(upload), 409, 'upload.incomplete');
      expect((body as unknown as { missing: number[] }).missing).toEqual([1]);
      expect(await queued()).toBe(0);
      expect((await put(upload, 1, parts[1]!)).status).toBe(204);
      expect((await complete(upload)).status).toBe(202);
      await drain();
    });

    describe('rejections', () => {
      it('unknown upload → 404 upload.unknown, for a part and for complete', async () => {
        const never = randomBytes(16).toString('base64url');
        const x = new Uint8Array([0x78]);
        await expectError(await put(never, 0, x), 404, 'upload.unknown');
        await expectError(await complete(never), 404, 'upload.unknown');
        await expectError(await put('not-an-id', 0, x), 404, 'upload.unknown');
        await expectError(await complete('..%2F..%2Fx'), 404, 'upload.unknown');
      });

      it(`a part re-sent more than ${serverLimits.partWrites} times → 429 upload.part-resent (each store is a durable write)`, async () => {
        const binary = binaryOf(await intake.encrypt('MARKER-RESENT'));
        const upload = await opened(binary);
        for (let i = 0; i < serverLimits.partWrites; i++) expect((await put(upload, 0, binary)).status).toBe(204);
        await expectError(await put(upload, 0, binary), 429, 'upload.part-resent');
        expect((await complete(upload)).status).toBe(202); // what was stored is still whole
        await drain();
      });

      it('a part out of range → 400 upload.part-invalid', async () => {
        const upload = await opened(big.binary);
        const data = splitIntoParts(big.binary)[1]!;
        await expectError(await put(upload, 2, data), 400, 'upload.part-invalid');
        await expectError(await put(upload, -1, data), 400, 'upload.part-invalid');
        await expectError(await put(upload, 'one', data), 400, 'upload.part-invalid');
        await expectError(await put(upload, '01', data), 400, 'upload.part-invalid'); // one spelling per part
        await intake.staging.discard(upload);
      });

      it('a part of the wrong length, or not binary → 400', async () => {
        const upload = await opened(big.binary);
        const [first, last] = splitIntoParts(big.binary) as [Uint8Array, Uint8Array];
        await expectError(await put(upload, 0, first.subarray(1)), 400, 'upload.part-invalid');
        await expectError(await put(upload, 1, new Uint8Array([...last, 0x41])), 400, 'upload.part-invalid');
        await expectError(await json('PUT', `/api/tips/uploads/${upload}/parts/0`, { data: 5 }), 400, 'body.invalid');
        await expectError(
          await json('PUT', `/api/tips/uploads/${upload}/parts/0`, '{"data": "MARKER-JUNK'),
          400,
          'body.invalid',
        );
        await intake.staging.discard(upload);
      });

      it('a part too large → 413 body.too-large (over the part size, or over the body limit before reading)', async () => {
        const upload = await opened(big.binary);
        await expectError(await put(upload, 0, new Uint8Array(partBytes + 1)), 413, 'body.too-large');
        const withLength = await binaryRequest(`PUT`, `/api/tips/uploads/${upload}/parts/0`, new Uint8Array(1), {
          'content-length': String(tipLimits.maxPartRequestBytes + 1),
        });
        await expectError(withLength, 413, 'body.too-large');
        await intake.staging.discard(upload);
      });

      it('a total over the limit → 413 body.too-large at open; a plan that does not fit the part size → 400', async () => {
        const bytes = tipLimits.maxRequestBytes + 1;
        await expectError(
          await open(new Uint8Array(1), { bytes, parts: Math.ceil(bytes / partBytes) }),
          413,
          'body.too-large',
        );
        await expectError(await open(new Uint8Array(1), { bytes: 10, parts: 2 }), 400, 'upload.part-invalid');
        await expectError(await open(new Uint8Array(1), { bytes: 0, parts: 0 }), 400, 'upload.part-invalid');
        await expectError(await open(new Uint8Array(1), { bytes: 1.5, parts: 1 }), 400, 'body.invalid');
        await expectError(await json('POST', '/api/tips/uploads', [1]), 400, 'body.invalid');
      });

      it('open needs a proof of work, and a proof used once (for a tip or an upload) → 409 pow.replayed', async () => {
        await expectError(await open(big.binary, { altcha: undefined }), 400, 'pow.missing');
        await expectError(await open(big.binary, { altcha: 'bm90IGpzb24=' }), 400, 'pow.invalid');
        const altcha = await intake.solvePow();
        const first = await open(big.binary, { altcha });
        expect(first.status).toBe(201);
        await expectError(await open(big.binary, { altcha }), 409, 'pow.replayed');
        const single = await postJson(intake, { ciphertext: await intake.encrypt('x'), receipt: code(), altcha });
        await expectError(single, 409, 'pow.replayed');
        await intake.staging.discard(((await first.json()) as { upload: string }).upload);
      });

      it('an envelope refused at complete → its 4xx, nothing queued, and the staged parts deleted', async () => {
        const other = (await openpgp.generateKey({ userIDs: [{ name: 'Not the task force' }], format: 'object' }))
          .publicKey;
        const wrong = binaryOf(await intake.encrypt('MARKER-WRONG-KEY', [other]));
        const upload = await opened(wrong);
        expect((await put(upload, 0, wrong)).status).toBe(204);
        await expectError(await complete(upload), 409, 'keys.changed');
        expect(await intake.staging.plan(upload, intake.clock.now())).toBeNull();
        await expectError(await complete(upload), 404, 'upload.unknown');

        const plaintext = (await openpgp.createMessage({ text: 'MARKER-PLAINTEXT-PARTS' })).write() as Uint8Array;
        const second = await opened(plaintext);
        expect((await put(second, 0, plaintext)).status).toBe(204);
        await expectError(await complete(second), 422, 'envelope.packets');
        await expectError(await put(second, 0, plaintext), 404, 'upload.unknown');
        expect(await queued()).toBe(0);
      });

      it('a bad reference code at complete → 400 receipt.invalid, and the upload is kept for a good one', async () => {
        const binary = binaryOf(await intake.encrypt('x'));
        const upload = await opened(binary);
        expect((await put(upload, 0, binary)).status).toBe(204);
        await expectError(await complete(upload, 'ABCD-EFGH'), 400, 'receipt.invalid');
        expect((await complete(upload)).status).toBe(202);
        await drain();
      });

      it('a part or completion from another site → 403; another content type → 400', async () => {
        const upload = await opened(big.binary);
        const crossSite = { 'sec-fetch-site': 'cross-site' };
        await expectError(
          await binaryRequest('PUT', `/api/tips/uploads/${upload}/parts/0`, new Uint8Array(1), crossSite),
          403,
          'request.cross-site',
        );
        await expectError(
          await json('POST', `/api/tips/uploads/${upload}/complete`, { receipt: code() }, crossSite),
          403,
          'request.cross-site',
        );
        await expectError(
          await json('POST', '/api/tips/uploads', { parts: 1, bytes: 1 }, crossSite),
          403,
          'request.cross-site',
        );
        const text = await intake.app.request(
          `/api/tips/uploads/${upload}/parts/0`,
          { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'x' },
          intake.env(),
        );
        await expectError(text, 400, 'body.invalid');
        await intake.staging.discard(upload);
      });
    });

    it('the browser uploader sends a report in parts, says how far it got, and resumes from the part a dropped connection broke', async () => {
      const receipt = code();
      const steps: string[] = [];
      const sent: number[] = [];
      const puts: string[] = [];
      let failures = 1;
      await sendInParts(big.binary, await codeLookupHash(receipt), await intake.solvePow(), {
        ...uploader(
          async (method, path, body, headers, onSent) => {
            puts.push(path.slice(-1));
            expect(body.length).toBeLessThanOrEqual(tipLimits.maxPartRequestBytes);
            if (path.endsWith('/parts/1') && failures-- > 0) {
              onSent(1000); // the connection dropped 1000 bytes into part 2
              throw new TypeError('Failed to fetch');
            }
            const response = await binaryRequest(method, path, body, headers);
            onSent(body.length);
            return response;
          },
          (key, vars) => steps.push(vars ? `${key} ${vars.part}/${vars.parts}` : key),
        ),
        progress: (p) => sent.push(p.sent),
      });
      expect(steps).toEqual([
        'tip.progress.sending',
        'tip.progress.part 1/2',
        'tip.progress.part 2/2',
        'tip.progress.retrying 2/2',
        'tip.progress.part 2/2',
        'tip.progress.finishing',
      ]);
      expect(puts).toEqual(['0', '1', '1']); // part 1 was not sent again
      // Bytes of the whole message: up to the first part, into the second, back to the second's start, then all.
      expect(sent).toEqual([
        0,
        0,
        partBytes,
        partBytes,
        partBytes + 1000,
        partBytes,
        big.binary.length,
        big.binary.length,
      ]);
      expect(await intake.queue.receiptStatus(await codeLookupHash(receipt))).toBe('waiting');
      const [stored] = await intake.queue.claim(intake.clock.now(), 60_000, 10);
      expect(await intake.decrypt(stored!.armored)).toContain(big.marker);
      await drain();
    });

    it('the browser uploader gives up after a part failed every try: network error, nothing queued', async () => {
      let tries = 0;
      const error = await sendInParts(
        big.binary,
        code(),
        await intake.solvePow(),
        uploader(async (method, path, body, headers) => {
          if (path.endsWith('/parts/1')) {
            tries++;
            throw new TypeError('Failed to fetch');
          }
          return binaryRequest(method, path, body, headers);
        }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TipError);
      expect((error as TipError).code).toBe('network');
      expect(tries).toBe(partRetryDelaysMs.length + 1);
      expect(await queued()).toBe(0);
    });
  });

  describe(`uploads in parts: rate limit and expiry (${backend.name})`, () => {
    it('one rate-limit unit per report, taken at open (parts and completion are free)', async () => {
      const intake = await makeIntake({ ...backend.options(), rateLimitMax: 2 });
      try {
        const openFrom = async (address: string) =>
          intake.app.request(
            '/api/tips/uploads',
            {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ altcha: await intake.solvePow(), parts: 1, bytes: 10 }),
            },
            intake.env(address),
          );
        const first = await openFrom('198.51.100.1');
        expect(first.status).toBe(201);
        const { upload } = (await first.json()) as { upload: string };
        for (let i = 0; i < 5; i++) {
          const part = await intake.app.request(
            `/api/tips/uploads/${upload}/parts/0`,
            {
              method: 'PUT',
              headers: { 'content-type': 'application/octet-stream' },
              body: new Uint8Array(10),
            },
            intake.env('198.51.100.1'),
          );
          expect(part.status).toBe(204);
        }
        expect((await openFrom('198.51.100.2')).status).toBe(201); // same /24: the second unit
        const refused = await openFrom('198.51.100.3');
        await expectError(refused, 429, 'rate.limited');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        // The single-request path shares the allowance.
        const single = await postJson(
          intake,
          { ciphertext: await intake.encrypt('x'), receipt: code(), altcha: await intake.solvePow() },
          '198.51.100.4',
        );
        await expectError(single, 429, 'rate.limited');
        expect((await openFrom('192.0.2.1')).status).toBe(201); // another network
      } finally {
        await intake.close();
      }
    });

    it('an upload left unfinished expires: its parts are deleted and later requests get 404 upload.unknown', async () => {
      const intake = await makeIntake(backend.options(300));
      try {
        const binary = binaryOf(await intake.encrypt('MARKER-EXPIRED'));
        const response = await intake.app.request(
          '/api/tips/uploads',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ altcha: await intake.solvePow(), parts: 1, bytes: binary.length }),
          },
          intake.env(),
        );
        const { upload } = (await response.json()) as { upload: string };
        const put = () =>
          intake.app.request(
            `/api/tips/uploads/${upload}/parts/0`,
            {
              method: 'PUT',
              headers: { 'content-type': 'application/octet-stream' },
              body: binary as BodyInit,
            },
            intake.env(),
          );
        expect((await put()).status).toBe(204);
        await new Promise((r) => setTimeout(r, 450));
        expect(await intake.staging.sweep(intake.clock.now())).toBe(backend.name === 'SQLite' ? 1 : 0);
        await expectError(await put(), 404, 'upload.unknown');
        const done = await intake.app.request(
          `/api/tips/uploads/${upload}/complete`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ receipt: code() }),
          },
          intake.env(),
        );
        await expectError(done, 404, 'upload.unknown');
        if (backend.name === 'Redis') expect(await dumpAll(redis)).not.toContain(upload);
      } finally {
        await intake.close();
      }
    });
  });
}

describe('uploads in parts: logs', () => {
  it('a failing staging answers 500 server, and the log names neither the upload id nor the part', async () => {
    const intake = await makeIntake({
      staging: (dataDir) => {
        const real = openSqliteStaging({ dataDir });
        return {
          ...real,
          putPart: async (_id, _i, data) => {
            throw new Error(`disk full while writing ${Buffer.from(data, 'base64')}`);
          },
        };
      },
    });
    const lines: string[] = [];
    const spy = vi
      .spyOn(console, 'error')
      .mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    try {
      const opened = await intake.app.request(
        '/api/tips/uploads',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ altcha: await intake.solvePow(), parts: 1, bytes: 'MARKER-PART-LOG-12345'.length }),
        },
        intake.env('198.51.100.99'),
      );
      const { upload } = (await opened.json()) as { upload: string };
      const response = await intake.app.request(
        `/api/tips/uploads/${upload}/parts/0`,
        {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream' },
          body: new TextEncoder().encode('MARKER-PART-LOG-12345'),
        },
        intake.env('198.51.100.99'),
      );
      await expectError(response, 500, 'server');
      expect(lines.join('\n')).toContain('PUT /api/tips/uploads/:upload/parts/0 failed');
      expect(lines.join('\n')).not.toContain(upload);
      expect(lines.join('\n')).not.toContain('MARKER-PART-LOG');
      expect(lines.join('\n')).not.toContain('198.51.100');
    } finally {
      spy.mockRestore();
      await intake.close();
    }
  });
});
