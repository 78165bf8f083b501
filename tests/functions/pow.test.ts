// ALTCHA wiring: challenges the widget can solve, one use per solution, expiry, and our own signature only.
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Challenge } from 'altcha-lib/types';
import { describe, expect, it } from 'vitest';
import type { ReplayStore } from '../../functions/ports.ts';
import { createMemoryReplayStore } from '../../functions/replay/memory.ts';
import { createProofOfWork } from '../../functions/tips/pow.ts';

const secret = 'p'.repeat(40);
const realClock = { now: () => Date.now() };

async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

describe('proof of work', () => {
  it('the secret counter is drawn from [cost, 2·cost]: the work is bounded both ways', async () => {
    const pow = createProofOfWork({ hmacSecret: secret, cost: 3, replay: createMemoryReplayStore({ clock: realClock }), clock: realClock });
    for (let i = 0; i < 5; i++) {
      const challenge = await pow.challenge();
      expect(challenge.parameters.cost).toBe(3);
      const solution = await solveChallenge({ challenge, deriveKey });
      expect(solution!.counter).toBeGreaterThanOrEqual(3);
      expect(solution!.counter).toBeLessThanOrEqual(6);
    }
  });

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
    const pow = createProofOfWork({ hmacSecret: secret, cost: 1, replay: createMemoryReplayStore({ clock: past }), clock: past, expiresInSeconds: 3600 });
    expect(await pow.verify(await solve(await pow.challenge()))).toEqual({ ok: false, code: 'pow.invalid' });
  });

  it("refuses a challenge signed with another deployment's secret, and is not fooled by a failed replay check", async () => {
    const other = createProofOfWork({ hmacSecret: 'q'.repeat(40), cost: 1, replay: createMemoryReplayStore({ clock: realClock }), clock: realClock });
    let replayAsked = false;
    const replay: ReplayStore = { useOnce: async () => ((replayAsked = true), true) };
    const pow = createProofOfWork({ hmacSecret: secret, cost: 1, replay, clock: realClock });
    expect(await pow.verify(await solve(await other.challenge()))).toEqual({ ok: false, code: 'pow.invalid' });
    expect(replayAsked).toBe(false); // unverified payloads never write to the store
  });

  it('refuses oversized and non-string payloads without parsing them', async () => {
    const pow = createProofOfWork({ hmacSecret: secret, cost: 1, replay: createMemoryReplayStore({ clock: realClock }), clock: realClock });
    expect(await pow.verify('A'.repeat(5000))).toEqual({ ok: false, code: 'pow.invalid' });
    expect(await pow.verify(42)).toEqual({ ok: false, code: 'pow.missing' });
    expect(await pow.verify(Buffer.from('{"challenge":null}').toString('base64'))).toEqual({ ok: false, code: 'pow.invalid' });
  });
});
