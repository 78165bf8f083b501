// A 32-byte public key as the report's headers carry it: `<algorithm>:<43 base64url characters>` (X-Reply-Key's
// `x25519:`, X-Followup-Key's `ed25519:`). Parsed strictly and without a regular expression: it is read from
// decrypted reports, whose author may be anyone.
import { fromBase64url, toBase64url } from './bytes.ts';

const keyBytes = 32;
const keyChars = 43;

export function formatTaggedKey(prefix: string, pub: Uint8Array): string {
  if (pub.length !== keyBytes) throw new RangeError('a Curve25519 public key has 32 bytes');
  return prefix + toBase64url(pub);
}

/** The 32-byte key, or null for anything that is not exactly one canonical `<prefix><key>` value. */
export function parseTaggedKey(prefix: string, value: string): Uint8Array<ArrayBuffer> | null {
  if (typeof value !== 'string' || value.length !== prefix.length + keyChars || !value.startsWith(prefix)) return null;
  const key = fromBase64url(value.slice(prefix.length));
  if (!key || key.length !== keyBytes) return null;
  // The all-zero value is no one's key (for X25519 every DH with it gives zero; for Ed25519 it is a point of small
  // order, which proves nothing): never a key to seal to or to trust a signature from.
  if (key.every((b) => b === 0)) return null;
  return key;
}
