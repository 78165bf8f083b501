// Proof of work with ALTCHA (altcha-lib v2): a self-hosted, cookie-free challenge the widget solves in the browser.
//
// Challenges are PBKDF2/SHA-256 in altcha-lib's deterministic mode: the server picks the secret counter, so the
// work is exactly (counter + 1) derivations and verification is one HMAC (keySignature), not a re-derivation.
// Expected work: (cost + 1) × cost PBKDF2 rounds; measured solve times are in docs/limits.md (`npm run bench`).
// Each accepted solution is recorded in the ReplayStore until its challenge expires: one solution, one tip.
// No human-interaction signal is asked for (the widget's humanInteractionSignature collects pointer events).
// Solutions are verified by altcha-verify.ts (altcha-lib's checks on node:crypto, without its WebCrypto overhead).
import { createHmac, randomInt } from 'node:crypto';
import { createChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Challenge, Payload } from 'altcha-lib/types';
import type { Clock, ReplayStore } from '../ports.ts';
import { createAltchaVerifier } from './altcha-verify.ts';

export type PowErrorCode = 'pow.missing' | 'pow.invalid' | 'pow.replayed';
export type PowResult = { ok: true } | { ok: false; code: PowErrorCode };

export interface ProofOfWork {
  challenge(): Promise<Challenge>;
  /** `payload` is the widget's field value: base64 of the JSON { challenge, solution }. */
  verify(payload: unknown): Promise<PowResult>;
}

export interface ProofOfWorkOptions {
  hmacSecret: string;
  /** PBKDF2 rounds per attempt; the secret counter is drawn uniformly from [0, 2·cost]. */
  cost: number;
  replay: ReplayStore;
  clock: Clock;
  /** How long a challenge stays valid: long enough to write a report after the page loaded. */
  expiresInSeconds?: number;
}

export const algorithm = 'PBKDF2/SHA-256';
const maxPayloadLength = 4096;

export function createProofOfWork(options: ProofOfWorkOptions): ProofOfWork {
  const { hmacSecret, cost, replay, clock } = options;
  const expiresInSeconds = options.expiresInSeconds ?? 3600;
  // A separate key for the derived-key signatures, so neither signature can stand in for the other.
  const keySecret = createHmac('sha256', hmacSecret).update('altcha key signatures').digest('hex');
  const verifier = createAltchaVerifier(hmacSecret, keySecret);

  return {
    challenge: () =>
      createChallenge({
        algorithm,
        cost,
        // Uniform from 0, not from `cost`: the challenge states the cost, and a floor at it let a solver skip the
        // first third of the browser's search (the browser counts up from 0). With no floor, no search order is
        // cheaper than the browser's: on average cost + 1 derivations of cost rounds each.
        counter: randomInt(0, 2 * cost + 1),
        deriveKey,
        expiresAt: Math.floor(clock.now() / 1000) + expiresInSeconds,
        hmacSignatureSecret: hmacSecret,
        hmacKeySignatureSecret: keySecret,
      }),

    async verify(raw: unknown): Promise<PowResult> {
      if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, code: 'pow.missing' };
      if (raw.length > maxPayloadLength) return { ok: false, code: 'pow.invalid' };
      let payload: Payload;
      try {
        payload = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Payload;
        const { parameters } = payload.challenge;
        // Only our own kind of challenge: its signature is checked next, this just keeps odd shapes out.
        if (
          parameters.algorithm !== algorithm ||
          typeof parameters.nonce !== 'string' ||
          typeof parameters.expiresAt !== 'number' ||
          !parameters.keySignature
        ) {
          return { ok: false, code: 'pow.invalid' };
        }
        // Expiry against the real time, as altcha-lib does (not the injected clock).
        if (!verifier.verify(payload.challenge, payload.solution)) return { ok: false, code: 'pow.invalid' };
      } catch {
        return { ok: false, code: 'pow.invalid' }; // not base64 JSON, or not an object where one is expected
      }
      const { nonce, expiresAt } = payload.challenge.parameters;
      // Remember it until the challenge could no longer be accepted anyway (plus clock slack).
      const ttl = Math.max(60, expiresAt! - Math.floor(clock.now() / 1000) + 300);
      if (!(await replay.useOnce(`altcha:${nonce}`, ttl))) return { ok: false, code: 'pow.replayed' };
      return { ok: true };
    },
  };
}
