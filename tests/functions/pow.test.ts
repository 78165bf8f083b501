// ALTCHA wiring: challenges the widget can solve, one use per solution, expiry, and our own signature only.
import { createChallenge, solveChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Challenge, Solution } from 'altcha-lib/types';
import { describe, expect, it } from 'vitest';
import type { ReplayStore } from '../../functions/ports.ts';
import { createMemoryReplayStore } from '../../functions/replay/memory.ts';
import { canonicalJSON, createAltchaVerifier } from '../../functions/pow/altcha-verify.ts';
import { createProofOfWork } from '../../functions/pow/pow.ts';
// altcha-lib's own helper, by file path (the package does not export it): the reference we copied.
import { canonicalJSON as altchaCanonicalJSON } from '../../node_modules/altcha-lib/dist/esm/v2/helpers.js';

const secret = 'p'.repeat(40);
const realClock = { now: () => Date.now() };

async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

describe('proof of work', () => {
  it('the secret counter is uniform on [0, 2·cost]: a solver that knows the cost can start nowhere cheaper than 0', async () => {
    // Before, the counter was drawn from [cost, 2·cost]: an attacker started at `cost` and did a third of the
    // browser's work. Uniform from 0, every search order has the same expected cost, cost + 1 derivations.
    const cost = 20;
    const pow = createProofOfWork({
      hmacSecret: secret,
      cost,
      replay: createMemoryReplayStore({ clock: realClock }),
      clock: realClock,
    });
    const counters: number[] = [];
    for (let i = 0; i < 300; i++) {
      const challenge = await pow.challenge();
      expect(challenge.parameters.cost).toBe(cost);
      counters.push((await solveChallenge({ challenge, deriveKey }))!.counter);
    }
    expect(Math.min(...counters)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...counters)).toBeLessThanOrEqual(2 * cost);
    // Below the cost about half the time (binomial, 300 draws: 0.5 ± 0.03), and down to the first few counters.
    const below = counters.filter((c) => c < cost).length / counters.length;
    expect(below).toBeGreaterThan(0.35);
    expect(below).toBeLessThan(0.65);
    expect(Math.min(...counters)).toBeLessThan(3);
    const mean = counters.reduce((a, b) => a + b, 0) / counters.length;
    expect(Math.abs(mean - cost)).toBeLessThan(3.5); // 5 standard deviations of the mean of 300 draws
  }, 60_000);

  it('remembers a used solution until its challenge has expired (plus slack), under a namespaced id', async () => {
    const calls: Array<[string, number]> = [];
    const replay: ReplayStore = { useOnce: async (id, ttl) => (calls.push([id, ttl]), true) };
    const pow = createProofOfWork({ hmacSecret: secret, cost: 1, replay, clock: realClock, expiresInSeconds: 1200 });
    const challenge = await pow.challenge();
    expect(await pow.verify(await solve(challenge))).toEqual({ ok: true });
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe(`altcha:${challenge.parameters.nonce}`);
    expect(calls[0]![1]).toBeGreaterThanOrEqual(1200 + 299);
    expect(calls[0]![1]).toBeLessThanOrEqual(1200 + 300);
  });

  it('refuses an expired challenge', async () => {
    // Issued two hours ago with a one-hour life: altcha-lib checks expiry against the real time.
    const past = { now: () => Date.now() - 2 * 3_600_000 };
    const pow = createProofOfWork({
      hmacSecret: secret,
      cost: 1,
      replay: createMemoryReplayStore({ clock: past }),
      clock: past,
      expiresInSeconds: 3600,
    });
    expect(await pow.verify(await solve(await pow.challenge()))).toEqual({ ok: false, code: 'pow.invalid' });
  });

  it("refuses a challenge signed with another deployment's secret, and is not fooled by a failed replay check", async () => {
    const other = createProofOfWork({
      hmacSecret: 'q'.repeat(40),
      cost: 1,
      replay: createMemoryReplayStore({ clock: realClock }),
      clock: realClock,
    });
    let replayAsked = false;
    const replay: ReplayStore = { useOnce: async () => ((replayAsked = true), true) };
    const pow = createProofOfWork({ hmacSecret: secret, cost: 1, replay, clock: realClock });
    expect(await pow.verify(await solve(await other.challenge()))).toEqual({ ok: false, code: 'pow.invalid' });
    expect(replayAsked).toBe(false); // unverified payloads never write to the store
  });

  it('refuses oversized and non-string payloads without parsing them', async () => {
    const pow = createProofOfWork({
      hmacSecret: secret,
      cost: 1,
      replay: createMemoryReplayStore({ clock: realClock }),
      clock: realClock,
    });
    expect(await pow.verify('A'.repeat(5000))).toEqual({ ok: false, code: 'pow.invalid' });
    expect(await pow.verify(42)).toEqual({ ok: false, code: 'pow.missing' });
    expect(await pow.verify(Buffer.from('{"challenge":null}').toString('base64'))).toEqual({
      ok: false,
      code: 'pow.invalid',
    });
  });
});

// The intake verifies solutions with altcha-verify.ts (node:crypto) instead of altcha-lib's verifySolution
// (WebCrypto). It must say yes and no exactly where altcha-lib does, for our kind of challenge (a key signature).
describe('ALTCHA verification on node:crypto agrees with altcha-lib', () => {
  const signatureSecret = 's'.repeat(40);
  const keySecret = 'k'.repeat(64);
  const verifier = createAltchaVerifier(signatureSecret, keySecret);

  async function issued(
    expiresAt = Math.floor(Date.now() / 1000) + 600,
    data?: Record<string, string>,
  ): Promise<{ challenge: Challenge; solution: Solution }> {
    const challenge = await createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: 1,
      counter: 2,
      deriveKey,
      expiresAt,
      data,
      hmacSignatureSecret: signatureSecret,
      hmacKeySignatureSecret: keySecret,
    });
    return { challenge, solution: (await solveChallenge({ challenge, deriveKey }))! };
  }

  async function altchaLibSays(challenge: unknown, solution: unknown): Promise<boolean> {
    try {
      const result = await verifySolution({
        challenge: challenge as Challenge,
        solution: solution as Solution,
        deriveKey,
        hmacSignatureSecret: signatureSecret,
        hmacKeySignatureSecret: keySecret,
      });
      return result.verified;
    } catch {
      return false; // a shape altcha-lib throws on: refused either way
    }
  }

  const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const flipHex = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

  it('accepts real solutions from the altcha-lib solver, as altcha-lib does', async () => {
    for (const data of [undefined, { form: 'tip', 'z-key': 'ü ✓', a: '' }]) {
      const { challenge, solution } = await issued(undefined, data);
      expect(challenge.parameters.keySignature).toMatch(/^[0-9a-f]{64}$/);
      expect(verifier.verify(challenge, solution)).toBe(true);
      expect(await altchaLibSays(challenge, solution)).toBe(true);
      // The widget's round trip: base64 JSON, parsed back.
      const parsed = clone({ challenge, solution });
      expect(verifier.verify(parsed.challenge, parsed.solution)).toBe(true);
    }
  });

  it('refuses tampered, expired, malformed and foreign payloads, exactly where altcha-lib refuses', async () => {
    const { challenge, solution } = await issued();
    const expired = await issued(Math.floor(Date.now() / 1000) - 5);
    const foreign = await createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: 1,
      counter: 2,
      deriveKey,
      expiresAt: Math.floor(Date.now() / 1000) + 600,
      hmacSignatureSecret: 'x'.repeat(40),
      hmacKeySignatureSecret: keySecret,
    });
    const foreignSolution = (await solveChallenge({ challenge: foreign, deriveKey }))!;
    const tamper = (edit: (c: Challenge, s: Solution) => void): [unknown, unknown] => {
      const c = clone(challenge);
      const s = clone(solution);
      edit(c, s);
      return [c, s];
    };
    const refused: Array<[string, unknown, unknown]> = [
      ['expired', expired.challenge, expired.solution],
      ['signed with another secret', foreign, foreignSolution],
      ['nonce changed', ...tamper((c) => void (c.parameters.nonce = flipHex(c.parameters.nonce)))],
      ['salt changed', ...tamper((c) => void (c.parameters.salt = flipHex(c.parameters.salt)))],
      ['cost changed', ...tamper((c) => void (c.parameters.cost = 2))],
      ['expiry extended', ...tamper((c) => void (c.parameters.expiresAt = c.parameters.expiresAt! + 3600))],
      ['expiry removed', ...tamper((c) => void delete c.parameters.expiresAt)],
      ['key prefix changed', ...tamper((c) => void (c.parameters.keyPrefix = flipHex(c.parameters.keyPrefix)))],
      [
        'key signature changed',
        ...tamper((c) => void (c.parameters.keySignature = flipHex(c.parameters.keySignature!))),
      ],
      ['key signature removed', ...tamper((c) => void delete c.parameters.keySignature)],
      ['parameter added', ...tamper((c) => void ((c.parameters as unknown as Record<string, unknown>).extra = 1))],
      [
        '__proto__ parameter added',
        JSON.parse(
          JSON.stringify({ ...challenge, parameters: { ...challenge.parameters } }).replace(
            '"algorithm"',
            '"__proto__":{"a":1},"algorithm"',
          ),
        ),
        solution,
      ],
      ['signature changed', ...tamper((c) => void (c.signature = flipHex(c.signature!)))],
      ['signature upper-cased', ...tamper((c) => void (c.signature = c.signature!.toUpperCase()))],
      ['signature missing', ...tamper((c) => void delete c.signature)],
      ['signature not a string', ...tamper((c) => void ((c as unknown as Record<string, unknown>).signature = 1))],
      ['derived key changed', ...tamper((_, s) => void (s.derivedKey = flipHex(s.derivedKey)))],
      ['derived key upper-cased', ...tamper((_, s) => void (s.derivedKey = s.derivedKey.toUpperCase()))],
      ['derived key truncated', ...tamper((_, s) => void (s.derivedKey = s.derivedKey.slice(0, 62)))],
      ['derived key odd length', ...tamper((_, s) => void (s.derivedKey = s.derivedKey + '0'))],
      [
        'derived key not a string',
        ...tamper((_, s) => void ((s as unknown as Record<string, unknown>).derivedKey = 7)),
      ],
      ['counter negative', ...tamper((_, s) => void (s.counter = -1))],
      ['counter fractional', ...tamper((_, s) => void (s.counter = 2.5))],
      ['counter above uint32', ...tamper((_, s) => void (s.counter = 2 ** 32))],
      ['counter a string', ...tamper((_, s) => void ((s as unknown as Record<string, unknown>).counter = '2'))],
      ['solution missing', challenge, undefined],
      ['solution null', challenge, null],
      ['challenge null', null, solution],
      ['parameters a string', { ...challenge, parameters: 'x' }, solution],
    ];
    for (const [name, c, s] of refused) {
      expect([name, verifier.verify(c, s)]).toEqual([name, false]);
      expect([name, await altchaLibSays(c, s)]).toEqual([name, false]);
    }
    // Neither checks the counter against the key (the key signature proves the work): another exact counter passes.
    const [c, s] = tamper((_, sol) => void (sol.counter = 0));
    expect(verifier.verify(c, s)).toBe(true);
    expect(await altchaLibSays(c, s)).toBe(true);
  });

  it('copies canonicalJSON exactly: nested keys sorted, undefined dropped, arrays kept in order', () => {
    const value = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, __proto__x: null };
    expect(canonicalJSON(value)).toBe(altchaCanonicalJSON(value));
    expect(canonicalJSON(value)).toBe('{"__proto__x":null,"a":{"d":[3,{"z":1,"y":2}]},"b":1}');
  });

  it('pow.verify uses it: one valid payload passes once, the tampered ones are refused', async () => {
    const pow = createProofOfWork({
      hmacSecret: secret,
      cost: 1,
      replay: createMemoryReplayStore({ clock: realClock }),
      clock: realClock,
    });
    const challenge = await pow.challenge();
    const solution = (await solveChallenge({ challenge, deriveKey }))!;
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
    expect(
      await pow.verify(encode({ challenge, solution: { ...solution, derivedKey: flipHex(solution.derivedKey) } })),
    ).toEqual({ ok: false, code: 'pow.invalid' });
    expect(
      await pow.verify(encode({ challenge: { ...challenge, signature: flipHex(challenge.signature!) }, solution })),
    ).toEqual({ ok: false, code: 'pow.invalid' });
    expect(await pow.verify(encode({ challenge, solution }))).toEqual({ ok: true });
    expect(await pow.verify(encode({ challenge, solution }))).toEqual({ ok: false, code: 'pow.replayed' });
  });
});
