// A task force reply, sealed to the tipster's reply key: HPKE base mode (suite.ts) with info REPLY_INFO and the
// case id and sequence number as associated data, so a sealed reply moved to another case or another place in the
// thread does not open. What is sealed is the officer's OpenPGP-signed reply (the desk signs it; the tipster's
// browser verifies it against the task force keys pinned in the site, after opening it here).
//
// Layout: enc (32 bytes) ‖ HPKE ciphertext of [length of the signed reply, 4 bytes big-endian ‖ the signed reply ‖
// zero bytes up to the Padmé length of the two] (padmeLength, the rule tips are padded by: src/shared/tip-entity.ts),
// so the length of a reply tells little about what it says.
import { padmeLength } from '../tip-entity.ts';
import { utf8 } from './bytes.ts';
import { encapsulatedKeyBytes, replySuite } from './suite.ts';

export const REPLY_INFO = 'skn-reply/v1';

/** Largest signed reply sealed or opened (a reply is text; the desk also caps what it stores). */
export const maxSignedReplyBytes = 128 * 1024;
const lengthBytes = 4;
const tagBytes = 16;

export function replyAad(caseId: string, seq: number): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError('seq must be a whole number, 0 or more');
  return utf8(`${caseId}|${seq}`);
}

export async function sealReply(
  recipientPublicKey: Uint8Array,
  signedReply: Uint8Array,
  caseId: string,
  seq: number,
): Promise<Uint8Array<ArrayBuffer>> {
  if (signedReply.length > maxSignedReplyBytes) throw new RangeError('the reply is too long');
  const suite = replySuite();
  const padded = new Uint8Array(padmeLength(lengthBytes + signedReply.length));
  new DataView(padded.buffer).setUint32(0, signedReply.length);
  padded.set(signedReply, lengthBytes);
  try {
    const { enc, ct } = await suite.seal(
      {
        recipientPublicKey: await suite.kem.deserializePublicKey(new Uint8Array(recipientPublicKey)),
        info: utf8(REPLY_INFO),
      },
      padded,
      replyAad(caseId, seq),
    );
    const out = new Uint8Array(enc.byteLength + ct.byteLength);
    out.set(new Uint8Array(enc), 0);
    out.set(new Uint8Array(ct), enc.byteLength);
    return out;
  } finally {
    padded.fill(0);
  }
}

/** The signed reply; rejects when the sealed bytes were not sealed to this key pair for this case and place. */
export async function openReply(
  replyKeyPair: CryptoKeyPair,
  sealed: Uint8Array,
  caseId: string,
  seq: number,
): Promise<Uint8Array<ArrayBuffer>> {
  // Bounded before any work: nothing longer than the largest padded reply is opened.
  const maxSealed = encapsulatedKeyBytes + padmeLength(lengthBytes + maxSignedReplyBytes) + tagBytes;
  if (sealed.length < encapsulatedKeyBytes + lengthBytes + tagBytes || sealed.length > maxSealed)
    throw new RangeError('not a sealed reply');
  const suite = replySuite();
  const plain = new Uint8Array(
    await suite.open(
      {
        recipientKey: replyKeyPair,
        enc: sealed.slice(0, encapsulatedKeyBytes),
        info: utf8(REPLY_INFO),
      },
      sealed.slice(encapsulatedKeyBytes),
      replyAad(caseId, seq),
    ),
  );
  const length = plain.length >= lengthBytes ? new DataView(plain.buffer).getUint32(0) : -1;
  // Authenticated, so only a careless sealer gets here: still, one layout only.
  if (length < 0 || length > maxSignedReplyBytes || padmeLength(lengthBytes + length) !== plain.length)
    throw new RangeError('not a sealed reply');
  return plain.slice(lengthBytes, lengthBytes + length);
}
