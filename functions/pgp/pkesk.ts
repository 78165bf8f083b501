// A version 3 public-key encrypted session key packet (RFC 9580 §5.1), read exactly: who it is for, with which
// algorithm, and the algorithm's fields, which must fill the body to its last byte. A body longer than its fields
// could carry anything (in plaintext) to the task force's mailbox; such a packet is refused, not trimmed.
// Only the algorithms the task force keys may have (functions/keys.ts: RSA or ECDH) are read; a recipient packet
// for any other algorithm cannot be for one of our keys.

export interface RecipientPacket {
  /** 16 lower-case hex digits; all zeros is the anonymous ("wildcard") recipient. */
  keyId: string;
  algorithm: number;
}

const rsaEncryptSign = 1;
const rsaEncrypt = 2;
const ecdh = 18;
/** An MPI longer than an 8192-bit number is no session key for any key we accept. */
const maxMpiBytes = 1024;

/** The recipient of a v3 PKESK body, or a fixed phrase saying why it is refused. */
export function readRecipientPacket(body: Uint8Array): RecipientPacket | { refused: string } {
  if (body[0] !== 3) return { refused: 'recipient packet version other than 3' };
  if (body.length < 10) return { refused: 'recipient packet too short' };
  const keyId = Buffer.from(body.subarray(1, 9)).toString('hex');
  const algorithm = body[9]!;
  let at = 10;
  if (algorithm === rsaEncryptSign || algorithm === rsaEncrypt) {
    at = skipMpi(body, at);
  } else if (algorithm === ecdh) {
    at = skipMpi(body, at); // the ephemeral public point
    const wrapped = at < 0 ? undefined : body[at];
    at = wrapped === undefined || wrapped === 0 ? -1 : at + 1 + wrapped; // the wrapped session key
  } else {
    return { refused: 'recipient packet for an algorithm no task force key has' };
  }
  if (at !== body.length) return { refused: 'recipient packet fields do not fill its body exactly' };
  return { keyId, algorithm };
}

/** The offset after the MPI at `at`, or -1 when it is empty, too long or runs past the end. */
function skipMpi(body: Uint8Array, at: number): number {
  if (at < 0 || at + 2 > body.length) return -1;
  const bytes = Math.ceil(((body[at]! << 8) | body[at + 1]!) / 8);
  if (bytes === 0 || bytes > maxMpiBytes || at + 2 + bytes > body.length) return -1;
  return at + 2 + bytes;
}
