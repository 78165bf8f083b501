// The key IDs a tip may be addressed to, from the task force keys: what the envelope check (pgp/envelope.ts) and
// the start-up check of queued tips (forwarder/misaddressed.ts) hold a message's recipient packets against.
import type * as openpgp from 'openpgp';

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
