// ALTCHA v2 solution check with node:crypto, for the intake's hot path.
//
// altcha-lib 2.8's verifySolution does two HMACs through WebCrypto (importKey per call, promise jobs, algorithm
// normalization): about a fifth of the intake's CPU under load. This is the same check, synchronous: the same
// steps in the same order as its verifySolution with a key signature (dist/esm/v2/pow.js), the same canonical JSON
// (helpers.js sortKeys/canonicalJSON, copied exactly), the same HMAC-SHA-256 over UTF-8, and a constant-time
// comparison. tests/functions/pow.test.ts checks it agrees with altcha-lib's own verifySolution, valid and invalid.
// Challenges are still created by altcha-lib; only verification is ours. Re-check this file on an altcha-lib upgrade.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Recursively sorts object keys (not array items) and drops undefined values: altcha-lib's sortKeys. Built with
 * Object.fromEntries so a `__proto__` key stays an own property, serialized and signed, as there.
 */
function sortKeys(obj: unknown): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return obj;
  const record = obj as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .flatMap((key) => {
        const value = record[key];
        return value === undefined ? [] : [[key, sortKeys(value)]];
      }),
  );
}

export function canonicalJSON(obj: unknown): string {
  return JSON.stringify(sortKeys(obj));
}

const maxUint32 = 0xffffffff;
const lowerHexBytes = /^(?:[0-9a-f]{2})+$/;
const sha256Hex = /^[0-9a-f]{64}$/;

export interface AltchaVerifier {
  /** True only if altcha-lib's verifySolution (SHA-256, uint32 counters, key signature) would say verified. */
  verify(challenge: unknown, solution: unknown, nowMs?: number): boolean;
}

export function createAltchaVerifier(hmacSignatureSecret: string, hmacKeySignatureSecret: string): AltchaVerifier {
  if (!hmacSignatureSecret || !hmacKeySignatureSecret) throw new Error('ALTCHA secrets must be non-empty strings');
  // Imported once, not per request: the keys are the secrets' UTF-8 bytes, as TextEncoder gives altcha-lib.
  const signatureKey = createSecretKey(Buffer.from(hmacSignatureSecret, 'utf8'));
  const keySignatureKey = createSecretKey(Buffer.from(hmacKeySignatureSecret, 'utf8'));

  return {
    verify(challenge: unknown, solution: unknown, nowMs = Date.now()): boolean {
      if (typeof challenge !== 'object' || challenge === null) return false;
      const { parameters, signature } = challenge as { parameters?: unknown; signature?: unknown };
      if (typeof parameters !== 'object' || parameters === null) return false;
      const params = parameters as { expiresAt?: unknown; keySignature?: unknown };
      // 1. Expiry, in seconds, against the real time (as altcha-lib: a falsy expiresAt means none; our caller
      //    insists on a number).
      if (params.expiresAt && (params.expiresAt as number) < nowMs / 1000) return false;
      // 2.-3. Our signature over the canonical parameters: nothing in them was changed.
      if (!signature) return false;
      if (!hexEquals(signature, hmac(signatureKey, canonicalJSON(parameters)))) return false;
      // The solution's shape: lowercase hex key, an exact uint32 counter.
      const { derivedKey, counter } = (solution ?? {}) as { derivedKey?: unknown; counter?: unknown };
      if (typeof derivedKey !== 'string' || !lowerHexBytes.test(derivedKey)) return false;
      if (!Number.isInteger(counter) || (counter as number) < 0 || (counter as number) > maxUint32) return false;
      // 4a. The derived key is the one we derived when making the challenge (its signature is in the parameters).
      //     Without a key signature altcha-lib would re-derive (4b); our challenges always carry one, so refuse.
      if (!params.keySignature) return false;
      return hexEquals(params.keySignature, hmac(keySignatureKey, Buffer.from(derivedKey, 'hex')));
    },
  };
}

function hmac(key: KeyObject, data: string | Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/**
 * `given === expected.toString('hex')`, in constant time for well-formed input: a string that is not 64 lowercase
 * hex digits can never equal a lowercase SHA-256 hex digest (altcha-lib's string compare says the same).
 */
function hexEquals(given: unknown, expected: Buffer): boolean {
  if (typeof given !== 'string' || !sha256Hex.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}
