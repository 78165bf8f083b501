// The OpenPGP envelope check: what the server can prove about a tip without a private key.
//
// It cannot prove the ciphertext decrypts; it can prove who it is addressed to and that nothing else rides along.
// Accepted: exactly one armored PGP MESSAGE whose packets are public-key session-key packets (PKESK v3, one per
// task force key) and exactly one integrity-protected data packet (SEIPD v1), plus marker/padding packets.
// Rejected: anything that could carry plaintext (literal or compressed data, armor text outside the block), a
// password packet (SKESK), a wildcard recipient, a recipient that is not a task force key, a task force key left
// out, unknown packets, and versions GnuPG 2.2 or Thunderbird cannot read (PKESK v6, SEIPD v2).
// What is stored is the message re-armored from the checked packets, so armor headers never reach storage.
// (The packets are still parsed by openpgp.readMessage, whose web-stream machinery is most of the envelope's cost;
// a parser of our own would drop that but also openpgp's per-algorithm packet checks, so it stays.)
import * as openpgp from 'openpgp';

export type EnvelopeErrorCode =
  | 'body.too-large'
  | 'envelope.malformed'
  | 'envelope.packets'
  | 'envelope.recipients'
  | 'keys.changed';

export type EnvelopeResult =
  | { ok: true; armored: string }
  /** `reason` is a fixed English phrase for tests and logs; it never quotes the input. */
  | { ok: false; code: EnvelopeErrorCode; reason: string };

/** The key IDs a tip may be addressed to: every valid encryption (sub)key, each tied to its task force key. */
export interface RecipientSet {
  byKeyId: ReadonlyMap<string, { owner: number; algorithm: number }>;
  /** How many task force keys there are: a tip needs exactly one recipient packet for each. */
  owners: number;
}

export async function recipientSet(keys: readonly openpgp.PublicKey[], date = new Date()): Promise<RecipientSet> {
  const byKeyId = new Map<string, { owner: number; algorithm: number }>();
  for (const [owner, key] of keys.entries()) {
    for (const candidate of key.getKeys()) {
      try {
        // With a key ID, getEncryptionKey returns that (sub)key if it is valid for encryption now, else throws.
        const usable = await key.getEncryptionKey(candidate.getKeyID(), date);
        byKeyId.set(usable.getKeyID().toHex(), { owner, algorithm: usable.keyPacket.algorithm });
      } catch {
        // signing-only, expired or revoked (sub)key: not a valid recipient
      }
    }
  }
  return { byKeyId, owners: keys.length };
}

const wildcardKeyId = '0000000000000000';
const tag = openpgp.enums.packet;
const allowedIgnored: ReadonlySet<number> = new Set([tag.marker, tag.padding]);
const parseConfig = { ignoreUnsupportedPackets: false, ignoreMalformedPackets: false, enforceGrammar: true };

export async function checkEnvelope(text: string, recipients: RecipientSet, maxBytes: number): Promise<EnvelopeResult> {
  // Size first: nothing is parsed before we know it is bounded.
  if (text.length > maxBytes) return fail('body.too-large', 'ciphertext larger than the limit');
  const decoded = dearmorWithBase64(text);
  if (!decoded) return fail('envelope.malformed', 'not exactly one well-formed armored PGP MESSAGE');
  const binary = decoded.bytes;

  let packets: openpgp.PacketList<openpgp.AnyPacket>;
  try {
    packets = (await openpgp.readMessage({ binaryMessage: binary, config: parseConfig })).packets;
  } catch {
    return fail('envelope.malformed', 'the OpenPGP packets cannot be parsed');
  }

  const recipientIds: string[] = [];
  let dataPackets = 0;
  for (const packet of packets) {
    const packetTag = (packet.constructor as unknown as { tag: number }).tag;
    if (packetTag === tag.publicKeyEncryptedSessionKey) {
      const pkesk = packet as unknown as { version: number; publicKeyID: openpgp.KeyID; publicKeyAlgorithm: number };
      if (pkesk.version !== 3) return fail('envelope.packets', 'recipient packet version other than 3');
      const id = pkesk.publicKeyID.toHex();
      const known = recipients.byKeyId.get(id);
      if (known && known.algorithm !== pkesk.publicKeyAlgorithm) {
        return fail('envelope.recipients', 'recipient packet algorithm does not match the key');
      }
      recipientIds.push(id);
    } else if (packetTag === tag.symEncryptedIntegrityProtectedData) {
      if ((packet as unknown as { version: number }).version !== 1) {
        return fail('envelope.packets', 'integrity-protected data version other than 1');
      }
      dataPackets++;
    } else if (!allowedIgnored.has(packetTag)) {
      // SKESK (password), literal, compressed, signature, unprotected SED, AEAD draft, keys, unknown packets.
      return fail('envelope.packets', `packet type ${packetTag} is not allowed`);
    }
  }
  if (dataPackets !== 1) return fail('envelope.packets', 'not exactly one integrity-protected data packet');

  const recipientError = checkRecipients(recipientIds, recipients);
  if (recipientError) return recipientError;
  return { ok: true, armored: armorMessage(decoded.base64, binary) };
}

/**
 * The canonical armor of a message: exactly what openpgp.armor(enums.armor.message, bytes, …, emitChecksum: true)
 * writes (no header lines, 60-character lines), without its stream machinery. The CRC-24 line is not optional:
 * GnuPG 2.2 cannot read checksum-less armor whose base64 ends without "=" padding (GnuPG bug T7071), which is one
 * message in three. tests/functions/envelope-armor.test.ts holds it to both.
 */
export function armorMessage(base64: string, bytes: Uint8Array): string {
  let body = '';
  for (let i = 0; i < base64.length; i += 60) body += base64.slice(i, i + 60) + '\n';
  const crc = crc24(bytes);
  const checksum = Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
  return `-----BEGIN PGP MESSAGE-----\n\n${body}=${checksum}\n-----END PGP MESSAGE-----\n`;
}

function checkRecipients(ids: string[], recipients: RecipientSet): EnvelopeResult | null {
  if (ids.includes(wildcardKeyId)) return fail('envelope.recipients', 'anonymous (wildcard) recipient');
  if (new Set(ids).size !== ids.length) return fail('envelope.recipients', 'the same recipient twice');
  const covered = new Set<number>();
  let unknown = 0;
  for (const id of ids) {
    const known = recipients.byKeyId.get(id);
    if (!known) {
      unknown++;
      continue;
    }
    if (covered.has(known.owner)) return fail('envelope.recipients', 'two subkeys of one task force key');
    covered.add(known.owner);
  }
  const missing = recipients.owners - covered.size;
  // A page loaded before the keys were replaced encrypts to old keys: some ours missing, some strangers present.
  // The browser then says "reload the page". Extra recipients beside all of ours are not a stale page.
  if (missing > 0 && unknown > 0) return fail('keys.changed', 'addressed to keys that are not the current ones');
  if (missing > 0) return fail('envelope.recipients', 'a task force key is missing');
  if (unknown > 0) return fail('envelope.recipients', 'addressed to a key that is not a task force key');
  return null;
}

function fail(code: EnvelopeErrorCode, reason: string): EnvelopeResult {
  return { ok: false, code, reason };
}

/**
 * Strict ASCII armor decoding (RFC 4880 §6.2): one PGP MESSAGE block, nothing but whitespace around it, header
 * lines allowed (and dropped), base64 body, optional CRC-24 that must match. OpenPGP.js's own reader ignores text
 * around the block; a tip must not be able to smuggle plaintext there.
 */
export function dearmor(text: string): Uint8Array | null {
  return dearmorWithBase64(text)?.bytes ?? null;
}

/** dearmor, also giving the packets' base64 (checked canonical there, so re-armoring need not encode again). */
function dearmorWithBase64(text: string): { bytes: Uint8Array; base64: string } | null {
  // Lines end in LF or CRLF: split on LF, then drop one CR (a string split is much cheaper than a regex split).
  const lines = text.trim().split('\n');
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    if (line.charCodeAt(line.length - 1) === 13) line = lines[n] = line.slice(0, -1);
    const last = line.charCodeAt(line.length - 1);
    if (last === 32 || last === 9) lines[n] = line.replace(/[ \t]+$/, '');
  }
  if (lines.length < 3 || lines[0] !== '-----BEGIN PGP MESSAGE-----' || lines.at(-1) !== '-----END PGP MESSAGE-----') {
    return null;
  }
  let i = 1;
  for (; i < lines.length - 1 && lines[i] !== ''; i++) {
    if (!/^[^:\s]+: .*$/.test(lines[i]!)) return null; // a header line, or the blank line is missing
  }
  if (lines[i] !== '') return null;
  const body = lines.slice(i + 1, -1);
  let checksum: string | null = null;
  if (body.length > 0 && body.at(-1)!.startsWith('=')) checksum = body.pop()!.slice(1);
  const b64 = body.join('');
  if (b64.length === 0 || b64.length % 4 !== 0) return null;
  const decoded = Buffer.from(b64, 'base64');
  // Node's decoder skips characters outside the alphabet; encoding back must give the very same text, which
  // rejects any stray character (and non-canonical padding) at native speed, unlike a regular expression.
  if (decoded.toString('base64') !== b64) return null;
  const bytes = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  if (checksum !== null) {
    if (!/^[A-Za-z0-9+/]{4}$/.test(checksum)) return null;
    const expected = Buffer.from(checksum, 'base64');
    const crc = crc24(bytes);
    if (expected[0] !== (crc >> 16) || expected[1] !== ((crc >> 8) & 0xff) || expected[2] !== (crc & 0xff)) return null;
  }
  return { bytes, base64: b64 };
}

// CRC-24 (RFC 4880 §6.1) sliced by four, byte-reflected, as OpenPGP.js computes it: a 16 KB tip's checksum is
// checked on every request, and the plain byte-at-a-time loop was a third of dearmor's time. Tested against
// openpgp.armor's own checksums (tests/functions/envelope-armor.test.ts).
const crcTables = (() => {
  const t0 = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 16;
    for (let j = 0; j < 8; j++) crc = (crc << 1) ^ ((crc & 0x800000) !== 0 ? 0x864cfb : 0);
    t0[i] = ((crc & 0xff0000) >> 16) | (crc & 0x00ff00) | ((crc & 0x0000ff) << 16); // byte order reversed
  }
  const t1 = new Int32Array(256);
  const t2 = new Int32Array(256);
  const t3 = new Int32Array(256);
  for (let i = 0; i < 256; i++) t1[i] = (t0[i]! >> 8) ^ t0[t0[i]! & 0xff]!;
  for (let i = 0; i < 256; i++) t2[i] = (t1[i]! >> 8) ^ t0[t1[i]! & 0xff]!;
  for (let i = 0; i < 256; i++) t3[i] = (t2[i]! >> 8) ^ t0[t2[i]! & 0xff]!;
  return [t0, t1, t2, t3] as const;
})();
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The CRC-24 of `bytes`, as a number 0xRRGGBB (the order the armor's checksum gives its three bytes). */
export function crc24(bytes: Uint8Array): number {
  const [t0, t1, t2, t3] = crcTables;
  let crc = 0xce04b7; // the initial 0xB704CE, byte-reversed
  let i = 0;
  // Byte by byte up to a 4-byte boundary, then a word at a time (little-endian only), then the tail.
  if (littleEndian) {
    for (; i < bytes.length && (bytes.byteOffset + i) % 4 !== 0; i++) crc = (crc >>> 8) ^ t0[(crc & 0xff) ^ bytes[i]!]!;
    const words = Math.floor((bytes.length - i) / 4);
    const view = words > 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset + i, words) : [];
    for (let w = 0; w < words; w++) {
      crc ^= view[w]!;
      crc = t0[(crc >>> 24) & 0xff]! ^ t1[(crc >>> 16) & 0xff]! ^ t2[(crc >>> 8) & 0xff]! ^ t3[crc & 0xff]!;
    }
    i += words * 4;
  }
  for (; i < bytes.length; i++) crc = (crc >>> 8) ^ t0[(crc & 0xff) ^ bytes[i]!]!;
  // Back to the usual byte order.
  return ((crc & 0xff) << 16) | (crc & 0xff00) | ((crc >>> 16) & 0xff);
}
