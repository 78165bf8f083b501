// Hostile ciphertexts against the envelope check (security findings H1, H2, M1): decompression bombs, packets that
// a parser skips but whose bytes would be stored and mailed, bytes hidden after a recipient packet's fields, and
// armor lines shaped to make a backtracking regular expression go quadratic. Costs are measured in a child process
// (helpers/cost-probe.ts) as ratios against a normal input and as peak memory growth, never as wall-clock limits.
import * as openpgp from 'openpgp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { concat } from '../../src/shared/report/metadata/bytes.ts';
import { dearmor } from '../../functions/pgp/armor.ts';
import { measureCosts } from './helpers/cost-probe.ts';
import { makeIntake, postJson, type TestIntake } from './helpers/intake.ts';
import { armorBinary, bombs, newPacket, oldPacket, partialPacket, splitPackets } from './helpers/pgp-packets.ts';

const code = () => newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));
/** Long enough that its data packet can be sent in several 512-byte partial chunks. */
const report = `the real report ${'x'.repeat(3000)}`;
const marker = new TextEncoder().encode('MARKER-SMUGGLED plaintext that must never be stored');

describe('packets that ride along, and packet framing', () => {
  let intake: TestIntake;
  let tip: Uint8Array;
  let pkesk: Uint8Array;
  let seipd: Uint8Array;
  beforeAll(async () => {
    intake = await makeIntake();
    tip = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: report }),
      encryptionKeys: intake.keys.keys,
      format: 'binary',
    });
    [pkesk, seipd] = splitPackets(tip).map((p) => p.body) as [Uint8Array, Uint8Array];
  });
  afterAll(() => intake.close());
  afterEach(async () => {
    for (const t of await intake.queue.claim(intake.clock.now() + 1e12, 1, 1000))
      await intake.queue.markDelivered(t.id, 0);
  });

  const send = async (binary: Uint8Array) =>
    postJson(intake, { ciphertext: armorBinary(binary), receipt: code(), altcha: await intake.solvePow() });

  /** Every smuggling position for a packet: before the recipients, between recipient and data, after the data. */
  const positions = (extra: Uint8Array) => ({
    before: concat([extra, newPacket(1, pkesk), newPacket(18, seipd)]),
    between: concat([newPacket(1, pkesk), extra, newPacket(18, seipd)]),
    after: concat([newPacket(1, pkesk), newPacket(18, seipd), extra]),
  });

  const riders: Record<string, Uint8Array> = {
    marker: newPacket(10, concat([new TextEncoder().encode('PGP'), marker])),
    trust: newPacket(12, marker),
    padding: newPacket(21, marker),
    'unknown non-critical (tag 60)': newPacket(60, marker),
    'a second data packet': newPacket(18, concat([Uint8Array.of(1), marker])),
    'literal data': newPacket(11, concat([Uint8Array.of(0x62, 0, 0, 0, 0, 0), marker])),
  };

  for (const [name, extra] of Object.entries(riders)) {
    it(`refuses a ${name} packet before, between and after the allowed packets (422), and stores nothing`, async () => {
      for (const [where, binary] of Object.entries(positions(extra))) {
        const response = await send(binary);
        expect([where, response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([
          where,
          422,
          'envelope.packets',
        ]);
      }
      expect(await intake.queue.counts()).toEqual({ pending: 0, dead: 0 });
    });
  }

  it("refuses plaintext hidden after a recipient packet's fields (422)", async () => {
    const response = await send(concat([newPacket(1, concat([pkesk, marker])), newPacket(18, seipd)]));
    expect(response.status).toBe(422);
    expect(await intake.queue.counts()).toEqual({ pending: 0, dead: 0 });
  });

  it('refuses a ride-along packet on the chunked upload path too', async () => {
    const binary = positions(riders.padding!).after;
    const opened = await postJson(
      intake,
      { altcha: await intake.solvePow(), parts: 1, bytes: binary.length },
      undefined,
      '/api/tips/uploads',
    );
    const { upload } = (await opened.json()) as { upload: string };
    const put = await intake.app.request(
      `/api/tips/uploads/${upload}/parts/0`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: binary as BodyInit,
      },
      intake.env(),
    );
    expect(put.status).toBe(204);
    const done = await postJson(intake, { receipt: code() }, undefined, `/api/tips/uploads/${upload}/complete`);
    expect(done.status).toBe(422);
    expect(await intake.queue.counts()).toEqual({ pending: 0, dead: 0 });
  });

  it("stores exactly the checked packets: a browser's tip byte for byte", async () => {
    expect((await send(tip)).status).toBe(202);
    const [stored] = await intake.queue.claim(intake.clock.now(), 60_000, 10);
    expect(dearmor(stored!.armored)).toEqual(tip);
  });

  it('accepts old-format headers and partial body lengths, and stores them re-framed with canonical headers', async () => {
    const reframed = concat([oldPacket(1, pkesk), partialPacket(18, seipd, 9)]);
    expect(reframed).not.toEqual(tip);
    expect((await send(reframed)).status).toBe(202);
    const [stored] = await intake.queue.claim(intake.clock.now(), 60_000, 10);
    expect(dearmor(stored!.armored)).toEqual(tip);
    expect(await intake.decrypt(stored!.armored)).toBe(report);
  });

  it('refuses broken framing as malformed (400): lengths past the end, a short first partial, a partial recipient packet', async () => {
    const cases = [
      concat([newPacket(1, pkesk), newPacket(18, seipd)]).subarray(0, -1), // data packet cut short
      concat([newPacket(1, pkesk), partialPacket(18, seipd, 8)]), // first partial chunk of 256 < 512
      concat([partialPacket(1, concat([pkesk, new Uint8Array(600)]), 9), newPacket(18, seipd)]), // PKESK cannot be partial
      concat([Uint8Array.of(0x87), pkesk, newPacket(18, seipd)]), // old format, indeterminate length
    ];
    for (const binary of cases) expect((await send(binary)).status).toBe(400);
  });

  it('refuses a compressed packet before OpenPGP.js could inflate it, on both paths', async () => {
    const bomb = concat([newPacket(1, pkesk), newPacket(18, seipd), newPacket(8, bombs.bzip2())]);
    const response = await send(bomb);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('envelope.packets');
  });
});

describe('what hostile ciphertexts cost (child process: time ratio to a normal input, peak memory growth)', () => {
  const cases = new URL('./helpers/envelope-cases.ts', import.meta.url);

  it('decompression bombs (256 MiB bzip2, 64 MiB zip and zlib) in every position cost no more than a normal tip', async () => {
    const bombCases = [
      'bzip2 bomb alone',
      'bzip2 bomb before the recipients',
      'bzip2 bomb between the packets',
      'bzip2 bomb after the data',
      'zip bomb',
      'zlib bomb after the data',
    ];
    const report = await measureCosts(cases, ['normal', ...bombCases], 7);
    const normal = report.cases.normal!;
    for (const name of bombCases) {
      // Refused at the first header it sees: never slower than checking a real tip (before: 3–16 s vs 1 ms).
      // Fastest runs, compared: a millisecond of work is at the mercy of the other tests running on the machine.
      expect([name, report.cases[name]!.minMs / normal.minMs < 3]).toEqual([name, true]);
    }
    // Before: +550 MiB for the 256 MiB bzip2 bomb. Now no inflation at all.
    expect(report.cases[bombCases.at(-1)!]!.peakMiB - report.preparedPeakMiB).toBeLessThan(32);
  }, 60_000);

  it('a multi-megabyte armor line costs what a normal line of the same size costs (linear, no backtracking)', async () => {
    const pairs = [
      ['one 4 MiB base64 line', 'one 4 MiB line of blanks then "x "'],
      ['4 MiB of 999-character base64 lines', '4 MiB of 999-character blank lines ending "x "'],
    ] as const;
    const report = await measureCosts(cases, pairs.flat(), 7);
    for (const [normal, hostile] of pairs) {
      const ratio = report.cases[hostile]!.minMs / Math.max(report.cases[normal]!.minMs, 1);
      // Before: a 160 KB line took 12–20 s (quadratic); the 999-character lines about 100 times a normal line.
      expect([hostile, ratio < 3]).toEqual([hostile, true]);
    }
    expect(report.cases[pairs.at(-1)![1]]!.peakMiB - report.preparedPeakMiB).toBeLessThan(96);
  }, 60_000);
});
