// Who wrote a follow-up, as far as the desk can tell: each is checked against the follow-up key in the case's own
// decrypted report (X-Followup-Key), never against anything the server says (src/shared/followup/signature.ts). The
// server can encrypt a follow-up to the task force keys as well as any tipster can; only the tipster's code signs.
// A signed follow-up stored twice (the same nonce) is flagged as a copy of the first.
import { replyKeyHeader, toBase64url } from '../shared/followup/index.ts';
import { followupKeyHeader, followupSignatureHeader, parseFollowupKey } from '../shared/followup/followup-headers.ts';
import {
  entityBodyDigest,
  readFollowupSignature,
  verifyFollowupSignature,
  type FollowupSignature,
} from '../shared/followup/signature.ts';
import type { MimeEntity } from './mime.ts';

/** Why a report gives no key to check follow-ups against. */
export type NoKeyReason = 'no-javascript' | 'before-signing' | 'damaged' | 'no-report';

export type Authorship =
  | { state: 'verified'; sent: string }
  | { state: 'replayed'; sent: string; firstSeq: number }
  /** Signed, but not by this report's key over this body, or a signature that cannot be read. */
  | { state: 'forged' }
  | { state: 'unsigned' }
  /** Signed, but this browser has no Ed25519 to check it with: neither proven nor disproven. */
  | { state: 'unchecked' }
  | { state: 'no-key'; reason: NoKeyReason };

/** What a decrypted follow-up brings to the check: its signature header, read, and the digest of its body. */
export interface FollowupProof {
  signed: boolean;
  signature: FollowupSignature | null;
  digest: Uint8Array | null;
}

export async function readProof(bytes: Uint8Array, entity: MimeEntity): Promise<FollowupProof> {
  const header = entity.headers.get(followupSignatureHeader.toLowerCase());
  if (header === undefined) return { signed: false, signature: null, digest: null };
  return { signed: true, signature: readFollowupSignature(header), digest: await entityBodyDigest(bytes) };
}

/** The key the report's follow-ups must be signed with, or why there is none. */
export function followupKeyOf(tip: MimeEntity | null): Uint8Array | NoKeyReason {
  if (!tip) return 'no-report';
  const value = tip.headers.get(followupKeyHeader.toLowerCase());
  if (value !== undefined) return parseFollowupKey(value) ?? 'damaged';
  // A report made by the server from a plain form post has neither key; one from the page before signing has the
  // reply key only.
  return tip.headers.has(replyKeyHeader.toLowerCase()) ? 'before-signing' : 'no-javascript';
}

/** Each follow-up's authorship by seq, in thread order (the first of two copies is the one taken as sent). */
export async function checkFollowups(
  tip: MimeEntity | null,
  followups: readonly { seq: number; proof: FollowupProof }[],
): Promise<Map<number, Authorship>> {
  const key = followupKeyOf(tip);
  const seen = new Map<string, number>();
  const out = new Map<number, Authorship>();
  for (const { seq, proof } of followups) {
    if (typeof key === 'string') out.set(seq, { state: 'no-key', reason: key });
    else if (!proof.signed) out.set(seq, { state: 'unsigned' });
    else if (!proof.signature || !proof.digest) out.set(seq, { state: 'forged' });
    else {
      const valid = await verifyFollowupSignature(key, proof.signature, proof.digest);
      if (valid === null) out.set(seq, { state: 'unchecked' });
      else if (!valid) out.set(seq, { state: 'forged' });
      else {
        const nonce = toBase64url(proof.signature.nonce);
        const first = seen.get(nonce);
        const { sent } = proof.signature;
        if (first === undefined) {
          seen.set(nonce, seq);
          out.set(seq, { state: 'verified', sent });
        } else out.set(seq, { state: 'replayed', sent, firstSeq: first });
      }
    }
  }
  return out;
}
