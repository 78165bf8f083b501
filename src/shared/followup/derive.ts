// What a tipster's browser (and an officer's desk, from a code read out on the phone) derives from the reference
// code: the lookup token the thread is found by (the server stores only its SHA-256) and the X25519 key pair the
// task force's replies are sealed to (its public half travels inside the encrypted report as X-Reply-Key). The
// code carries 100 random bits, so HKDF alone (no slow KDF) keeps both out of reach of guessing, as in the
// SecureDrop protocol's derivation (design note §1.6). WebCrypto only: the same code runs in Node 24 and browsers.
import { normalizeReceiptCode } from '../receipt.ts';
import { toHex, utf8 } from './bytes.ts';
import { replySuite } from './suite.ts';

/** HKDF salt: names this protocol and its version, so the same code means nothing to any other use of HKDF. */
export const threadSalt = 'skn-tipline/v1';

export interface ThreadKeys {
  /** 32 bytes the server finds the thread by; never stored there (only its hash is). */
  lookup: Uint8Array<ArrayBuffer>;
  /** The X25519 key pair replies are sealed to (RFC 9180 DeriveKeyPair over an HKDF output). */
  replyKeyPair: CryptoKeyPair;
  /** Its public key, 32 bytes, as X-Reply-Key carries it (formatReplyKey). */
  replyPublicKey: Uint8Array<ArrayBuffer>;
}

/** The code's 20 characters without dashes, or an error: only a real code derives anything. */
export function codeCharacters(code: string): string {
  const normalized = code.length <= 64 ? normalizeReceiptCode(code) : null;
  if (!normalized) throw new TypeError('not a reference code');
  return normalized.replaceAll('-', '');
}

/** HKDF-SHA-256 from the code's 20 characters, one 32-byte output per info label. */
export async function expander(code: string): Promise<(info: string) => Promise<Uint8Array<ArrayBuffer>>> {
  const base = await crypto.subtle.importKey('raw', utf8(codeCharacters(code)), 'HKDF', false, ['deriveBits']);
  return async (info) =>
    new Uint8Array(
      await crypto.subtle.deriveBits(
        { name: 'HKDF', hash: 'SHA-256', salt: utf8(threadSalt), info: utf8(info) },
        base,
        256,
      ),
    );
}

export async function deriveThreadKeys(code: string): Promise<ThreadKeys> {
  const expand = await expander(code);
  const lookup = await expand('lookup');
  const seed = await expand('reply-x25519');
  try {
    const replyKeyPair = await replySuite().kem.deriveKeyPair(seed);
    const replyPublicKey = new Uint8Array(await replySuite().kem.serializePublicKey(replyKeyPair.publicKey));
    return { lookup, replyKeyPair, replyPublicKey };
  } finally {
    seed.fill(0);
  }
}

/**
 * The lookup token alone: what the server derives from a code posted without JavaScript (it has no use for the
 * reply key, and so never computes it).
 */
export async function deriveLookup(code: string): Promise<Uint8Array<ArrayBuffer>> {
  return (await expander(code))('lookup');
}

/** Lower-case hex SHA-256 of the lookup token: what the server stores and matches. */
export async function lookupHash(lookup: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(lookup))));
}
