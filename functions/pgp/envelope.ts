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
// the wire (packets.ts), which refuses any other packet type before its body is touched, so no
// library ever sees, let alone inflates, a compressed packet; the recipient packets, read exactly. What is stored is
// those checked packets written back with canonical headers (re-armored: armor headers never reach storage), and
// OpenPGP.js parses exactly those bytes as a second opinion before they are accepted.
import * as openpgp from 'openpgp';
import { armorMessage, dearmor } from './armor.ts';
import { packetTag, readPackets, writePackets, type Packet } from './packets.ts';
import { readRecipientPacket } from './pkesk.ts';
import type { RecipientSet } from './recipients.ts';

export type EnvelopeErrorCode =
  'body.too-large' | 'envelope.malformed' | 'envelope.packets' | 'envelope.recipients' | 'keys.changed';

export type EnvelopeResult = { ok: true; armored: string } | EnvelopeFailure;

/** `reason` is a fixed English phrase for tests and logs; it never quotes the input. */
export interface EnvelopeFailure {
  ok: false;
  code: EnvelopeErrorCode;
  reason: string;
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
    return walked.refusedTag === undefined
      ? fail('envelope.malformed', walked.reason)
      : fail('envelope.packets', walked.reason);
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
export async function checkBinaryEnvelope(
  binary: Uint8Array,
  recipients: RecipientSet,
  maxBytes: number,
): Promise<EnvelopeResult> {
  if (binary.length > maxBytes) return fail('body.too-large', 'ciphertext larger than the limit');
  const envelope = readEnvelope(binary);
  if (!envelope.ok) return envelope;
  const recipientError = recipientsError(envelope, recipients);
  if (recipientError) return recipientError;

  const checked = writePackets(envelope.packets);
  try {
    const parsed = (await openpgp.readMessage({ binaryMessage: checked, config: parseConfig })).packets;
    if (parsed.length !== envelope.packets.length)
      return fail('envelope.malformed', 'the OpenPGP packets cannot be parsed');
  } catch {
    return fail('envelope.malformed', 'the OpenPGP packets cannot be parsed');
  }
  return {
    ok: true,
    armored: armorMessage(
      Buffer.from(checked.buffer, checked.byteOffset, checked.byteLength).toString('base64'),
      checked,
    ),
  };
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
