// The reply key as the report carries it, in the header block of the encrypted report: `X-Reply-Key: x25519:<43
// base64url characters>` (tagged-key.ts reads it strictly).
import { formatTaggedKey, parseTaggedKey } from './tagged-key.ts';

export const replyKeyHeader = 'X-Reply-Key';
const prefix = 'x25519:';

export function formatReplyKey(pub: Uint8Array): string {
  return formatTaggedKey(prefix, pub);
}

/** The 32-byte public key, or null for anything that is not exactly one canonical `x25519:` value. */
export function parseReplyKey(value: string): Uint8Array<ArrayBuffer> | null {
  return parseTaggedKey(prefix, value);
}
