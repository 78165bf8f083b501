// Opens the task force's replies on the tipster's device: HPKE with the reply key derived from their code
// (src/shared/followup/), then the OpenPGP signature inside checked against the task force keys pinned in the page
// at build time (expectSigned: an unsigned or wrongly signed message throws). A reply that does not open or does
// not verify is reported as unverified, and its text is not returned at all: the page never shows words that might
// be a forger's as the task force's.
import { fromBase64url, openReply } from '../../shared/followup/index.ts';
import { loadOpenPGP } from '../encrypt.ts';
import type { SealedReply } from './api.ts';

export type OpenedReply =
  { seq: number; day: string; state: 'verified'; text: string } | { seq: number; day: string; state: 'unverified' };

/** A sealed reply longer than this (base64url) is not worked on. */
const maxBodyChars = 256 * 1024;

export async function openReplies(
  replyKeyPair: CryptoKeyPair,
  caseId: string,
  replies: readonly SealedReply[],
  armoredKeys: readonly string[],
): Promise<OpenedReply[]> {
  const openpgp = await loadOpenPGP();
  const verificationKeys = await Promise.all(armoredKeys.map((armoredKey) => openpgp.readKey({ armoredKey })));
  const opened: OpenedReply[] = [];
  for (const reply of replies) {
    const { seq, day } = reply;
    try {
      const sealed = reply.body.length <= maxBodyChars ? fromBase64url(reply.body) : null;
      if (!sealed) throw new Error('not a sealed reply');
      const signed = await openReply(replyKeyPair, sealed, caseId, seq);
      const message = await openpgp.readMessage({ binaryMessage: signed });
      const { data } = await openpgp.verify({ message, verificationKeys, expectSigned: true });
      opened.push({ seq, day, state: 'verified', text: String(data) });
    } catch {
      opened.push({ seq, day, state: 'unverified' });
    }
  }
  return opened;
}
