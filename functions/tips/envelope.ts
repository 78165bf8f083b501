// The OpenPGP envelope check: what the server can prove about a tip without a private key.
//
// It cannot prove the ciphertext decrypts; it can prove who it is addressed to and that nothing else rides along.
// Accepted: exactly one armored PGP MESSAGE whose packets are public-key session-key packets (PKESK v3, one per
// task force key) and exactly one integrity-protected data packet (SEIPD v1), plus marker/padding packets.
// Rejected: anything that could carry plaintext (literal or compressed data, armor text outside the block), a
// password packet (SKESK), a wildcard recipient, a recipient that is not a task force key, a task force key left
// out, unknown packets, and versions GnuPG 2.2 or Thunderbird cannot read (PKESK v6, SEIPD v2).
// What is stored is the message re-armored from the checked packets, so armor headers never reach storage.
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
  const binary = dearmor(text);
  if (!binary) return fail('envelope.malformed', 'not exactly one well-formed armored PGP MESSAGE');

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
  return { ok: true, armored: openpgp.armor(openpgp.enums.armor.message, binary) };
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
  const lines = text.trim().split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
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
  return bytes;
}

const crcTable = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
    table[n] = crc & 0xffffff;
  }
  return table;
})();

function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) ^ crcTable[((crc >> 16) ^ bytes[i]!) & 0xff]!) & 0xffffff;
  return crc;
}
