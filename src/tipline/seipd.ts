// The report's encrypted data packet, written here rather than by OpenPGP.js, because that is where the time went:
// OpenPGP.js builds a message by concatenating its parts five or six times over (literal packet, prefix and MDC,
// hash input, cipher input, packet, message) and XORs the cipher stream a byte at a time, which for a 6 MB report
// cost ten times the cipher itself on a phone. Here everything is one buffer: the report is written into it, hashed
// once (SHA-1, native), enciphered once (AES-CFB, computed as one native AES-CBC call, as OpenPGP.js itself does),
// and the plaintext is overwritten by the ciphertext in place. OpenPGP.js still makes the session key and the
// recipient packets (encrypt.ts): those are small, and the keys' algorithms are its business.
//
// The packet is exactly what OpenPGP.js writes for these keys and what GnuPG 2.2 and Thunderbird read (RFC 4880
// §5.13, RFC 9580 §5.13.1): a version 1 Symmetrically Encrypted Integrity Protected Data packet, AES in CFB mode
// with a zero IV, over a random prefix (a block and its last two bytes again), one binary Literal Data packet and
// a Modification Detection Code packet (the SHA-1 of everything before it). The literal packet names no file and
// carries the date 0: the report says when it was sent, to the hour, and no more.

const blockSize = 16;
/** The AES key sizes WebCrypto has in every browser (Chromium has no AES-192). */
const aesKeyBytes: Readonly<Record<string, number>> = { aes128: 16, aes256: 32 };

export function canSeal(algorithm: string): boolean {
  return algorithm in aesKeyBytes;
}

/** A new-format packet header (RFC 9580 §4.2.1) for a body of `length` bytes, written at `at`; returns its size. */
function writeHeader(out: Uint8Array, at: number, tag: number, length: number): number {
  out[at] = 0xc0 | tag;
  if (length < 192) {
    out[at + 1] = length;
    return 2;
  }
  if (length < 8384) {
    out[at + 1] = ((length - 192) >> 8) + 192;
    out[at + 2] = (length - 192) & 0xff;
    return 3;
  }
  out[at + 1] = 0xff;
  new DataView(out.buffer, out.byteOffset).setUint32(at + 2, length);
  return 6;
}

const headerSize = (length: number) => (length < 192 ? 2 : length < 8384 ? 3 : 6);

/** What to encrypt: its length, and how to write it into a buffer of that length (src/shared/tip-entity.ts). */
export interface Plaintext {
  length: number;
  write(target: Uint8Array): void;
}

/**
 * The whole OpenPGP message: the recipient packets as given, then the encrypted data packet holding `data`, which
 * is written straight into the buffer it is encrypted in. `sessionKey` is the raw AES key the recipient packets
 * carry.
 */
export async function sealMessage(
  recipients: Uint8Array,
  sessionKey: Uint8Array,
  algorithm: string,
  data: Plaintext | Uint8Array,
): Promise<Uint8Array> {
  if (sessionKey.length !== aesKeyBytes[algorithm]) throw new Error(`cannot seal with ${algorithm}`);
  if (recipients.length < blockSize) throw new Error('no recipient');
  const literalBody = 6 + data.length; // 'b', no file name, date 0, the data
  const literalHeader = headerSize(literalBody);
  const prefix = blockSize + 2;
  const plainLength = prefix + literalHeader + literalBody + 22; // + the MDC packet: D3 14 and a SHA-1
  const dataHeader = headerSize(1 + plainLength);
  // Where the plaintext starts, aligned to 4 bytes so the XOR below can go a word at a time.
  const before = recipients.length + dataHeader + 1;
  const align = (4 - (before % 4)) % 4;
  const start = align + before;
  const out = new Uint8Array(start + plainLength);

  // The plaintext, in place.
  const random = crypto.getRandomValues(new Uint8Array(blockSize));
  out.set(random, start);
  out[start + blockSize] = random[blockSize - 2]!;
  out[start + blockSize + 1] = random[blockSize - 1]!;
  let at = start + prefix;
  at += writeHeader(out, at, 11, literalBody);
  out[at] = 0x62; // 'b': binary; then a zero-length file name and the date 0 (already zero)
  at += 6;
  if (data instanceof Uint8Array) out.set(data, at);
  else data.write(out.subarray(at, at + data.length));
  at += data.length;
  out[at] = 0xd3;
  out[at + 1] = 0x14;
  at += 2;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', out.subarray(start, at)));
  out.set(digest, at);

  // CFB with a zero IV: keystream block i is AES(ciphertext block i−1). AES-CBC with a zero IV over a zero block
  // followed by the plaintext blocks gives exactly that stream (each CBC input is plaintext XOR the stream so far,
  // which is the CFB ciphertext), in one native call. The zero block is the 16 bytes just before the plaintext,
  // where the headers go afterwards.
  const blocks = Math.ceil(plainLength / blockSize);
  out.fill(0, start - blockSize, start);
  const key = await crypto.subtle.importKey('raw', sessionKey as Uint8Array<ArrayBuffer>, 'AES-CBC', false, [
    'encrypt',
  ]);
  const stream = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-CBC', iv: new Uint8Array(blockSize) },
      key,
      out.subarray(start - blockSize, start - blockSize + blocks * blockSize),
    ),
  );
  const words = plainLength >>> 2;
  const plainWords = new Uint32Array(out.buffer, start, words);
  const streamWords = new Uint32Array(stream.buffer, 0, words);
  for (let i = 0; i < words; i++) plainWords[i] = plainWords[i]! ^ streamWords[i]!;
  for (let i = words * 4; i < plainLength; i++) out[start + i] = out[start + i]! ^ stream[i]!;
  stream.fill(0);

  // The headers, over the zero block.
  out.set(recipients, align);
  writeHeader(out, align + recipients.length, 18, 1 + plainLength);
  out[start - 1] = 1; // version 1
  return out.subarray(align);
}
