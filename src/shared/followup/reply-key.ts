// The reply key as the report carries it, in the header block of the encrypted report: `X-Reply-Key: x25519:<43
// base64url characters>`. Parsed strictly and without a regular expression: it is read from decrypted reports,
// whose author may be anyone.
import { fromBase64url, toBase64url } from './bytes.ts';

export const replyKeyHeader = 'X-Reply-Key';
const prefix = 'x25519:';
const keyBytes = 32;
const keyChars = 43;

export function formatReplyKey(pub: Uint8Array): string {
  if (pub.length !== keyBytes) throw new RangeError('an X25519 public key has 32 bytes');
  return prefix + toBase64url(pub);
}

/** The 32-byte public key, or null for anything that is not exactly one canonical `x25519:` value. */
export function parseReplyKey(value: string): Uint8Array<ArrayBuffer> | null {
  if (typeof value !== 'string' || value.length !== prefix.length + keyChars || !value.startsWith(prefix)) return null;
  const key = fromBase64url(value.slice(prefix.length));
  if (!key || key.length !== keyBytes) return null;
  // The all-zero point has no secret behind it (any DH with it gives zero): never a key to seal to.
  if (key.every((b) => b === 0)) return null;
  return key;
}
