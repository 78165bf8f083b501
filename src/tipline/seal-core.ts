// The steps that turn answers and files into the encrypted report: clean the photos, make the reference code and
// derive from it the thread's lookup token and reply key (src/shared/followup/), plan the padded MIME entity (with
// the reply key in its X-Reply-Key header; the code itself is not written into it), encrypt it to every task force key (written into the buffer it is encrypted in, and
// overwritten there by the ciphertext), then zero the photos' buffers (strings cannot be wiped; these can).
// Runs in seal-worker.ts, off the page's main thread.
import { deriveThreadKeys, formatReplyKey, lookupHash, toBase64url } from '../shared/followup/index.ts';
import { newReceiptCode } from '../shared/receipt.ts';
import type { TipAnswers } from '../shared/tip-fields.ts';
import { planTipEntity } from '../shared/tip-entity.ts';
import { prepareAttachments } from './attachments.ts';
import { encryptForTaskForce, loadOpenPGP } from './encrypt.ts';
import { TipError } from './errors.ts';

export interface SealRequest {
  answers: TipAnswers;
  /** A follow-up to an earlier report (the status page): its message, sealed instead of the answers. */
  followup?: { message: string; code: string };
  files: File[];
  keys: string[];
  locale: string;
  sentHour: string;
}

export interface Sealed {
  /** The binary OpenPGP message. */
  ciphertext: Uint8Array;
  /** The new reference code (never sent: the tipster keeps it); a follow-up's is the code it was given. */
  receipt: string;
  /** SHA-256 (hex) of the thread's lookup token: what the server files the report under. */
  lookupHash: string;
  /** The lookup token (base64url): what asks the server about the thread afterwards. */
  lookup: string;
}

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

export async function sealReport(request: SealRequest, onProgress: (key: string) => void): Promise<Sealed> {
  const { answers, files, keys, locale, sentHour, followup } = request;
  const receipt = followup ? followup.code : newReceiptCode(randomBytes);
  let thread;
  try {
    thread = await deriveThreadKeys(receipt);
  } catch {
    throw new TipError('crypto.failed');
  }
  const replyKey = formatReplyKey(thread.replyPublicKey);
  const hash = await lookupHash(thread.lookup);
  const openpgp = loadOpenPGP();
  openpgp.catch(() => {}); // awaited below
  const attachments = await prepareAttachments(files, answers.keepPhotoLocation === true);
  onProgress('tip.progress.encrypting');
  // Planned, not built: it is written straight into the buffer it is encrypted in, where the ciphertext then
  // overwrites it (seipd.ts).
  const entity = planTipEntity({
    answers,
    attachments,
    replyKey,
    locale,
    sentHour,
    randomBytes,
    ...(followup && { followup: { message: followup.message } }),
  });
  try {
    try {
      await openpgp;
    } catch {
      throw new TipError('crypto.load');
    }
    try {
      return {
        ciphertext: await encryptForTaskForce(entity, keys),
        receipt,
        lookupHash: hash,
        lookup: toBase64url(thread.lookup),
      };
    } catch {
      throw new TipError('crypto.failed');
    }
  } finally {
    for (const a of attachments) a.bytes.fill(0);
  }
}
