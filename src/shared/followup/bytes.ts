// Small byte helpers the follow-up protocol needs in the browser and in Node alike (no Buffer): hex, strict
// base64url, UTF-8, constant-time comparison.

const base64urlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const base64urlValues = (() => {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < base64urlAlphabet.length; i++) values[base64urlAlphabet.charCodeAt(i)] = i;
  return values;
})();

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** base64url without padding. */
export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += base64urlAlphabet[n >> 18]! + base64urlAlphabet[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += base64urlAlphabet[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += base64urlAlphabet[n & 63]!;
  }
  return out;
}

/**
 * base64url without padding, read strictly: one character at a time (no regular expression), only the alphabet,
 * no length that cannot come from whole bytes, and the unused low bits of the last character zero, so each byte
 * string has exactly one spelling. Null for anything else. The caller bounds the length before calling.
 */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? base64urlValues[code]! : -1;
    if (v < 0) return null;
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  if ((value & ((1 << bits) - 1)) !== 0) return null; // not the canonical spelling
  return out;
}

/** True when both hold the same bytes; the time taken depends on the length only, not on where they differ. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
