// A reply to the tipster: signed with the officer's key in the worker (binary OpenPGP, as the status page verifies
// it against the task force keys pinned in the site), sealed (HPKE, the shared follow-up module) to the reply key
// taken from the DECRYPTED report's X-Reply-Key header, never from anything the server says, for exactly this case
// and place in the thread (the seq is in the associated data; the server refuses any other seq), and encrypted to
// the task force keys for the record.
import { deskRequest, DeskApiError } from './api.ts';
import type { KeyVault } from './key-vault.ts';
import type { MimeEntity } from './mime.ts';
import { fetchCase } from './cases.ts';
import {
  deriveThreadKeys,
  formatReplyKey,
  lookupHash,
  parseReplyKey,
  replyKeyHeader,
  sealReply,
  toBase64url,
} from '../shared/followup/index.ts';

/** The tipster's reply key from the decrypted report, or null (a tip from before replies, or a damaged header). */
export function replyKeyOf(tip: MimeEntity): Uint8Array | null {
  const value = tip.headers.get(replyKeyHeader.toLowerCase());
  return value ? parseReplyKey(value) : null;
}

/**
 * Why the tipster cannot be answered in this case, or null when they can: the server says the case has no thread
 * (no lookup hash: nothing the tipster could fetch a reply from), or the decrypted report has no key to seal to.
 */
export function replyBlock(hasThread: boolean, tip: MimeEntity): 'no-thread' | 'no-reply-key' | null {
  if (!hasThread) return 'no-thread';
  return replyKeyOf(tip) ? null : 'no-reply-key';
}

/** `nextSeq`: the thread's next seq as the page last read it; if another message landed first, it is read again. */
export async function sendReply(
  vault: KeyVault,
  caseId: string,
  tip: MimeEntity,
  text: string,
  nextSeq: number,
): Promise<number> {
  const replyKey = replyKeyOf(tip);
  if (!replyKey) throw new Error('This tip carries no reply key: the tipster cannot receive replies.');
  const signed = await vault.signReply(text);
  const record = await vault.encrypt(text);
  // The seq the reply will have; if someone else's message lands first, seal again for the next place (once).
  let seq = nextSeq;
  for (let attempt = 0; ; attempt++) {
    const body = toBase64url(await sealReply(replyKey, signed, caseId, seq));
    try {
      return (
        await deskRequest<{ seq: number }>('POST', `cases/${encodeURIComponent(caseId)}/replies`, { seq, body, record })
      ).seq;
    } catch (error) {
      if (!(error instanceof DeskApiError && error.code === 'desk.conflict') || attempt > 0) throw error;
      seq = (await fetchCase(caseId)).case.messages;
    }
  }
}

export interface PhoneMatch {
  caseId: string;
  /** The reply key derived from the code read out, as X-Reply-Key writes it: compare with the decrypted report's. */
  replyKey: string;
}

/** A caller reads out their reference code: the desk derives the lookup hash and finds the case (code sent nowhere). */
export async function caseForCode(code: string): Promise<PhoneMatch> {
  let keys;
  try {
    keys = await deriveThreadKeys(code);
  } catch {
    throw new Error('That is not a reference code (20 letters and numbers).');
  }
  const hash = await lookupHash(keys.lookup);
  const { id } = await deskRequest<{ id: string }>('POST', 'cases/lookup', { lookupHash: hash });
  return { caseId: id, replyKey: formatReplyKey(keys.replyPublicKey) };
}

/** Whether the derived key is the one in the decrypted report: the code really belongs to this tip. */
export function codeMatchesTip(match: PhoneMatch, tip: MimeEntity): boolean {
  const key = replyKeyOf(tip);
  return key !== null && formatReplyKey(key) === match.replyKey;
}
