// The two headers of the tipster's follow-up signatures (signature.ts), as the report writer (tip-entity.ts) needs
// them: `X-Followup-Key: ed25519:<43 base64url characters>` in a report, and the fixed-length
// `X-Followup-Signature` slot a follow-up starts with. Apart from signature.ts so the status page's thread code,
// which reaches tip-entity.ts, does not carry the signing and checking code.
import { formatTaggedKey, parseTaggedKey } from './tagged-key.ts';

export const followupKeyHeader = 'X-Followup-Key';
export const followupSignatureHeader = 'X-Followup-Signature';
const keyPrefix = 'ed25519:';
/** "2026-12-02T10:00Z" (hour.ts hourLabel). */
export const hourChars = 17;

/** The signature header's value: `v1; nonce=<22>; sent=<17>; sig=<86>`, always this long. */
export const signatureValueChars = 'v1; nonce='.length + 22 + '; sent='.length + hourChars + '; sig='.length + 86;
/** Written as the follow-up's first header line, then overwritten by signFollowupEntity once the body is known. */
export const signatureSlotLine = `${followupSignatureHeader}: ${'-'.repeat(signatureValueChars)}\r\n`;

export function formatFollowupKey(pub: Uint8Array): string {
  return formatTaggedKey(keyPrefix, pub);
}

/** The 32-byte key, or null for anything that is not exactly one canonical `ed25519:` value. */
export function parseFollowupKey(value: string): Uint8Array<ArrayBuffer> | null {
  return parseTaggedKey(keyPrefix, value);
}
