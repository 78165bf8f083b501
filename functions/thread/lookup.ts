// The lookup token as a tipster's browser sends it, read strictly: 43 base64url characters (32 bytes), checked for
// length first and then decoded character by character (src/shared/followup/bytes.ts), so no long or odd input is
// worked on. The server keeps and matches only its SHA-256: finding a thread by that hash is an index lookup on a
// value an attacker cannot choose without the token, so there is no secret comparison whose timing could leak.
import { createHash } from 'node:crypto';
import { fromBase64url } from '../../src/shared/followup/bytes.ts';

const lookupChars = 43;

/** SHA-256 (hex) of the token, or null when the value is not one. */
export function lookupHashOf(value: unknown): string | null {
  if (typeof value !== 'string' || value.length !== lookupChars) return null;
  const bytes = fromBase64url(value);
  if (!bytes || bytes.length !== 32) return null;
  return createHash('sha256').update(bytes).digest('hex');
}
