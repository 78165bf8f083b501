// The OpenPGP envelope check: what the server can prove about a tip without a private key.
//
// It cannot prove the ciphertext decrypts; it can prove who it is addressed to and that nothing else rides along.
// Accepted: exactly one armored PGP MESSAGE whose packets are public-key session-key packets (PKESK v3, one per
// task force key) followed by exactly one integrity-protected data packet (SEIPD v1), and nothing else: not even
// the marker, trust or padding packets a parser skips, since skipped bytes would still be stored and mailed.
// Rejected: anything that could carry plaintext (literal or compressed data, armor text outside the block, bytes
// after a recipient packet's fields), a password packet (SKESK), a wildcard recipient, a recipient that is not a
// task force key, a task force key left out, and versions GnuPG 2.2 or Thunderbird cannot read (PKESK v6, SEIPD v2).
//
// Order, cheapest and safest first: the size; the armor (linear, lines of bounded length); the packet framing on
// the wire (functions/pgp/packets.ts), which refuses any other packet type before its body is touched, so no
// library ever sees, let alone inflates, a compressed packet; the recipient packets, read exactly. What is stored is
// those checked packets written back with canonical headers (re-armored: armor headers never reach storage), and
// OpenPGP.js parses exactly those bytes as a second opinion before they are accepted.
import * as openpgp from 'openpgp';
import { packetTag, readPackets, writePackets, type Packet } from '../pgp/packets.ts';
import { readRecipientPacket } from '../pgp/pkesk.ts';

export type EnvelopeErrorCode =
  | 'body.too-large'
  | 'envelope.malformed'
  | 'envelope.packets'
  | 'envelope.recipients'
  | 'keys.changed';

export type EnvelopeResult =
  | { ok: true; armored: string }
  | EnvelopeFailure;

/** `reason` is a fixed English phrase for tests and logs; it never quotes the input. */
export interface EnvelopeFailure {
  ok: false;
  code: EnvelopeErrorCode;
  reason: string;
}

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
/** Far more task force keys than there will ever be; bounds the walk. */
const maxRecipientPackets = 32;
/**
 * OpenPGP.js's second opinion runs only on packets already limited to PKESK and SEIPD, so nothing it reads can be
 * compressed; the decompression cap is there in case that ever stops being true.
 */
const parseConfig = {
  ignoreUnsupportedPackets: false,
  ignoreMalformedPackets: false,
  enforceGrammar: true,
  maxDecompressedMessageSize: 64 * 1024,
};

/** The recipient key IDs and the packets to store, or why the message is refused. */
type Envelope = { ok: true; recipientIds: string[]; algorithms: number[]; packets: Packet[] } | EnvelopeFailure;

/** Walks the packets: recipient packets, then one data packet, then the end; anything else is refused unread. */
function readEnvelope(binary: Uint8Array): Envelope {
  let seenData = false;
  const walked = readPackets(binary, {
    maxPackets: maxRecipientPackets + 1,
    accept: (tag) => {
      if (seenData) return false; // nothing may follow the data packet
      if (tag === packetTag.symEncryptedIntegrityProtectedData) seenData = true;
      return seenData || tag === packetTag.publicKeyEncryptedSessionKey;
    },
  });
  if (!walked.ok) {
    return walked.refusedTag === undefined ? fail('envelope.malformed', walked.reason) : fail('envelope.packets', walked.reason);
  }
  if (!seenData) return fail('envelope.packets', 'not exactly one integrity-protected data packet');
  const recipientIds: string[] = [];
  const algorithms: number[] = [];
  for (const packet of walked.packets) {
    if (packet.tag === packetTag.symEncryptedIntegrityProtectedData) {
      if (packet.body[0] !== 1) return fail('envelope.packets', 'integrity-protected data version other than 1');
      continue;
    }
    const recipient = readRecipientPacket(packet.body);
    if ('refused' in recipient) return fail('envelope.packets', recipient.refused);
    recipientIds.push(recipient.keyId);
    algorithms.push(recipient.algorithm);
  }
  return { ok: true, recipientIds, algorithms, packets: walked.packets };
}

/** Whether the packets' recipients are exactly the task force keys (null) or why not. */
function recipientsError(envelope: Extract<Envelope, { ok: true }>, recipients: RecipientSet): EnvelopeFailure | null {
  for (const [i, id] of envelope.recipientIds.entries()) {
    const known = recipients.byKeyId.get(id);
    if (known && known.algorithm !== envelope.algorithms[i]) {
      return fail('envelope.recipients', 'recipient packet algorithm does not match the key');
    }
  }
  return checkRecipients(envelope.recipientIds, recipients);
}

/** An armored message (the JSON API): dearmored, then checked as a binary one. */
export async function checkEnvelope(text: string, recipients: RecipientSet, maxBytes: number): Promise<EnvelopeResult> {
  // Size first: nothing is parsed before we know it is bounded.
  if (text.length > maxBytes) return fail('body.too-large', 'ciphertext larger than the limit');
  const binary = dearmor(text);
  if (!binary) return fail('envelope.malformed', 'not exactly one well-formed armored PGP MESSAGE');
  return checkBinaryEnvelope(binary, recipients, maxBytes);
}

/**
 * A binary message, as the browser sends it: the armor, which mail needs, is added here, once the packets are
 * checked (a third fewer bytes to upload than armored text).
 */
export async function checkBinaryEnvelope(binary: Uint8Array, recipients: RecipientSet, maxBytes: number): Promise<EnvelopeResult> {
  if (binary.length > maxBytes) return fail('body.too-large', 'ciphertext larger than the limit');
  const envelope = readEnvelope(binary);
  if (!envelope.ok) return envelope;
  const recipientError = recipientsError(envelope, recipients);
  if (recipientError) return recipientError;

  const checked = writePackets(envelope.packets);
  try {
    const parsed = (await openpgp.readMessage({ binaryMessage: checked, config: parseConfig })).packets;
    if (parsed.length !== envelope.packets.length) return fail('envelope.malformed', 'the OpenPGP packets cannot be parsed');
  } catch {
    return fail('envelope.malformed', 'the OpenPGP packets cannot be parsed');
  }
  return { ok: true, armored: armorMessage(Buffer.from(checked.buffer, checked.byteOffset, checked.byteLength).toString('base64'), checked) };
}

/**
 * Whether a stored tip is addressed to exactly these keys: the forwarder's check before a tip is mailed (a tip
 * sealed to a demo key or to keys replaced since must never reach the task force, who could not read it).
 */
export function checkStoredRecipients(armored: string, recipients: RecipientSet): EnvelopeFailure | null {
  const binary = dearmor(armored);
  if (!binary) return fail('envelope.malformed', 'not exactly one well-formed armored PGP MESSAGE');
  const envelope = readEnvelope(binary);
  if (!envelope.ok) return envelope;
  return recipientsError(envelope, recipients);
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

function checkRecipients(ids: string[], recipients: RecipientSet): EnvelopeFailure | null {
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

function fail(code: EnvelopeErrorCode, reason: string): EnvelopeFailure {
  return { ok: false, code, reason };
}

/**
 * Armor lines are at most 76 characters (RFC 9580 §6.3); a header line may be longer, but not this long. Any longer
 * line refuses the text before anything else looks at it, so no later step works on a line of megabytes.
 */
export const maxArmorLineLength = 1000;

/**
 * Strict ASCII armor decoding (RFC 4880 §6.2): one PGP MESSAGE block, nothing but whitespace around it, header
 * lines allowed (and dropped), base64 body, optional CRC-24 that must match. OpenPGP.js's own reader ignores text
 * around the block; a tip must not be able to smuggle plaintext there.
 * Linear in the text: one scan for line lengths, a split, loops over character codes (never a regular expression
 * that could backtrack over a line: the old trailing-blank regex was quadratic), native base64 and CRC-24.
 */
export function dearmor(text: string): Uint8Array | null {
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end - start > maxArmorLineLength + 1) return null; // + 1: a CR before the LF
    start = end + 1;
  }
  // Lines end in LF or CRLF: split on LF, then drop one CR and trailing blanks (a string split is much cheaper
  // than a regex split).
  const lines = text.trim().split('\n').map(withoutTrailingBlanks);
  if (lines.length < 3 || lines[0] !== '-----BEGIN PGP MESSAGE-----' || lines.at(-1) !== '-----END PGP MESSAGE-----') {
    return null;
  }
  let i = 1;
  for (; i < lines.length - 1 && lines[i] !== ''; i++) {
    if (!isHeaderLine(lines[i]!)) return null; // a header line, or the blank line is missing
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
    if (checksum.length !== 4) return null;
    const expected = Buffer.from(checksum, 'base64');
    if (expected.toString('base64') !== checksum) return null;
    const crc = crc24(bytes);
    if (expected[0] !== (crc >> 16) || expected[1] !== ((crc >> 8) & 0xff) || expected[2] !== (crc & 0xff)) return null;
  }
  return bytes;
}

/** The line without one trailing CR and then without trailing spaces and tabs. */
function withoutTrailingBlanks(line: string): string {
  let end = line.length;
  if (line.charCodeAt(end - 1) === 13) end--;
  for (let c = line.charCodeAt(end - 1); c === 32 || c === 9; c = line.charCodeAt(end - 1)) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** "Key: value": a key without colons or blanks, then a colon and a space (RFC 4880 §6.2). */
function isHeaderLine(line: string): boolean {
  const colon = line.indexOf(': ');
  if (colon < 1) return false;
  for (let i = 0; i < colon; i++) {
    const c = line.charCodeAt(i);
    if (c === 58 || c <= 32) return false;
  }
  return true;
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
