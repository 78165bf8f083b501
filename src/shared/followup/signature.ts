// Follow-ups signed by the tipster (design note §1.6, "Follow-up authenticity"): an Ed25519 key derived from the
// reference code (its own HKDF output, derive.ts's expander), whose public half the report carries inside its
// encryption (X-Followup-Key), signs each follow-up inside the encryption (X-Followup-Signature, the first header of
// the follow-up's entity). The server can encrypt anything to the task force keys, but without the code it cannot
// sign: the desk checks each follow-up against the key in the case's own decrypted report, never a key the server
// hands it.
//
// What is signed, all of fixed length so no two inputs give the same bytes:
//   "skn-followup/v1" 0x00 ‖ the follow-up public key (32) ‖ a random nonce (16) ‖ the hour sent
//   ("2026-12-02T10:00Z", 17) ‖ SHA-256 of the entity's body (32): every byte after the blank line that ends its
//   header block, padding included.
// The key binds it to this thread (another thread's key does not verify it); the nonce lets the desk find the same
// follow-up stored twice; the digest binds the exact text and files.
//
// Kept apart from derive.ts and out of index.ts (the header shapes the report writer needs are in
// followup-headers.ts): only the seal worker and the desk load this, not the status page's thread code.
import { expander } from './derive.ts';
import { followupSignatureHeader, hourChars, signatureSlotLine, signatureValueChars } from './followup-headers.ts';
import { fromBase64url, toBase64url, utf8 } from './bytes.ts';
import { concat } from '../report/metadata/bytes.ts';

/** HKDF info label of the follow-up signing key's seed. */
const followupKeyInfo = 'followup-ed25519';
const label = 'skn-followup/v1\0';
const nonceBytes = 16;
const signatureBytes = 64;

/** The body starts after the header block; a header block longer than this is not read (the desk's limit too). */
const maxEntityHeaderBytes = 16 * 1024;

export interface FollowupKey {
  /** Ed25519, for signing; not extractable. */
  privateKey: CryptoKey;
  /** 32 bytes, as X-Followup-Key carries it. */
  publicKey: Uint8Array<ArrayBuffer>;
}

export interface FollowupSignature {
  nonce: Uint8Array<ArrayBuffer>;
  /** The hour the tipster's browser sent it, as signed. */
  sent: string;
  signature: Uint8Array<ArrayBuffer>;
}

/** RFC 8410 PKCS#8 wrapping of a 32-byte Ed25519 seed: this fixed prefix, then the seed. */
const pkcs8Prefix = new Uint8Array([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

/**
 * The key pair for a 32-byte seed, through WebCrypto's Ed25519 (Node 24, Chromium 137+, Firefox 129+, Safari 17+).
 * Rejects where the browser has no Ed25519: the caller then sends the follow-up unsigned (docs/desk.md says why).
 */
export async function ed25519FromSeed(seed: Uint8Array): Promise<FollowupKey> {
  const pkcs8 = new Uint8Array(pkcs8Prefix.length + seed.length);
  pkcs8.set(pkcs8Prefix);
  pkcs8.set(seed, pkcs8Prefix.length);
  try {
    // WebCrypto gives an Ed25519 private key's public half only through a JWK export, so one extractable copy is
    // made for that and dropped; the signing copy is not extractable.
    const exportable = await crypto.subtle.importKey('pkcs8', pkcs8, 'Ed25519', true, ['sign']);
    const jwk = await crypto.subtle.exportKey('jwk', exportable);
    const publicKey = fromBase64url(jwk.x ?? '');
    if (!publicKey || publicKey.length !== 32) throw new Error('no Ed25519 public key');
    const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, 'Ed25519', false, ['sign']);
    return { privateKey, publicKey };
  } finally {
    pkcs8.fill(0);
  }
}

/**
 * The Ed25519 key the tipster's follow-ups are signed with: its own HKDF output, so it says nothing about the
 * lookup token or the reply key. Rejects where WebCrypto has no Ed25519.
 */
export async function deriveFollowupKey(code: string): Promise<FollowupKey> {
  const seed = await (await expander(code))(followupKeyInfo);
  try {
    return await ed25519FromSeed(seed);
  } finally {
    seed.fill(0);
  }
}

/** "2026-12-02T10:00Z" exactly (hour.ts hourLabel), checked character by character. */
function isHourLabel(value: string): boolean {
  if (value.length !== hourChars || !value.endsWith(':00Z')) return false;
  for (let i = 0; i < 13; i++) {
    const c = value[i]!;
    const expected = i === 4 || i === 7 ? '-' : i === 10 ? 'T' : null;
    if (expected ? c !== expected : c < '0' || c > '9') return false;
  }
  return true;
}

function signedBytes(
  publicKey: Uint8Array,
  nonce: Uint8Array,
  sent: string,
  digest: Uint8Array,
): Uint8Array<ArrayBuffer> {
  return concat([utf8(label), publicKey, nonce, utf8(sent), digest]);
}

/** Where the body starts (after the first CRLF CRLF), or -1 when the header block is missing or too long. */
export function entityBodyStart(entity: Uint8Array): number {
  const end = Math.min(entity.length - 3, maxEntityHeaderBytes);
  for (let i = 0; i < end; i++)
    if (entity[i] === 13 && entity[i + 1] === 10 && entity[i + 2] === 13 && entity[i + 3] === 10) return i + 4;
  return -1;
}

/** SHA-256 of the entity's body, or null when it has no readable header block. */
export async function entityBodyDigest(entity: Uint8Array): Promise<Uint8Array<ArrayBuffer> | null> {
  const start = entityBodyStart(entity);
  if (start < 0) return null;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', entity.subarray(start) as Uint8Array<ArrayBuffer>));
}

/**
 * Signs a follow-up entity that starts with signatureSlotLine (tip-entity.ts writes it), in place: the slot is
 * overwritten by the signature header's value. `sent` is the hour the entity says it was sent.
 */
export async function signFollowupEntity(entity: Uint8Array, key: FollowupKey, sent: string): Promise<void> {
  const slot = utf8(signatureSlotLine);
  const at = followupSignatureHeader.length + 2;
  for (let i = 0; i < slot.length; i++)
    if (entity[i] !== slot[i]) throw new TypeError('the entity has no signature slot');
  if (!isHourLabel(sent)) throw new TypeError('not an hour label');
  const digest = await entityBodyDigest(entity);
  if (!digest) throw new TypeError('the entity has no body');
  const nonce = crypto.getRandomValues(new Uint8Array(nonceBytes));
  const signature = new Uint8Array(
    await crypto.subtle.sign('Ed25519', key.privateKey, signedBytes(key.publicKey, nonce, sent, digest)),
  );
  const value = `v1; nonce=${toBase64url(nonce)}; sent=${sent}; sig=${toBase64url(signature)}`;
  if (value.length !== signatureValueChars) throw new Error('signature value of the wrong length');
  entity.set(utf8(value), at);
}

/** The signature header's value read strictly (one exact length and order, no regular expression), or null. */
export function readFollowupSignature(value: string): FollowupSignature | null {
  if (typeof value !== 'string' || value.length !== signatureValueChars) return null;
  const parts = value.split('; ');
  if (parts.length !== 4 || parts[0] !== 'v1') return null;
  const field = (part: string, name: string) => (part.startsWith(`${name}=`) ? part.slice(name.length + 1) : null);
  const nonceText = field(parts[1]!, 'nonce');
  const sent = field(parts[2]!, 'sent');
  const sigText = field(parts[3]!, 'sig');
  if (nonceText === null || sent === null || sigText === null || !isHourLabel(sent)) return null;
  const nonce = fromBase64url(nonceText);
  const signature = fromBase64url(sigText);
  if (nonce?.length !== nonceBytes || signature?.length !== signatureBytes) return null;
  return { nonce, sent, signature };
}

/**
 * Whether `signature` was made by the key `publicKey` (X-Followup-Key of the report) over this body digest; null when
 * this browser's WebCrypto has no Ed25519 (Chromium 133-136), so nothing can be said either way.
 */
export async function verifyFollowupSignature(
  publicKey: Uint8Array,
  signature: FollowupSignature,
  bodyDigest: Uint8Array,
): Promise<boolean | null> {
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, 'Ed25519', false, ['verify']);
  } catch (error) {
    return error instanceof DOMException && error.name === 'NotSupportedError' ? null : false;
  }
  try {
    return await crypto.subtle.verify(
      'Ed25519',
      key,
      signature.signature,
      signedBytes(publicKey, signature.nonce, signature.sent, bodyDigest),
    );
  } catch {
    return false;
  }
}
