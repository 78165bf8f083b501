// The steps that turn answers and files into the encrypted report: clean the photos, make the reference code and
// derive from it the thread's lookup token and reply key (src/shared/followup/), plan the padded MIME entity (with
// the reply key in its X-Reply-Key header; the code itself is not written into it), encrypt it to every task force key (written into the buffer it is encrypted in, and
// overwritten there by the ciphertext), then zero the photos' buffers (strings cannot be wiped; these can).
// A report also carries the public half of the tipster's follow-up signing key (X-Followup-Key); a follow-up is
// signed with it inside the encryption, so the desk can tell it from one the server made up. Where WebCrypto has no
// Ed25519 (Chromium 133-136: older browsers cannot derive the reply key either, and never get here) the report goes
// without that key and the follow-up unsigned, and the desk says so: no JavaScript curve is shipped for those few.
// Runs in seal-worker.ts, off the page's main thread.
import { deriveThreadKeys, formatReplyKey, lookupHash, toBase64url } from '../shared/followup/index.ts';
import { formatFollowupKey } from '../shared/followup/followup-headers.ts';
import { deriveFollowupKey, signFollowupEntity, type FollowupKey } from '../shared/followup/signature.ts';
import { newReceiptCode } from '../shared/receipt.ts';
import type { TipAnswers } from '../shared/tip-fields.ts';
import { buildTipEntity, planTipEntity, type TipEntityInput } from '../shared/tip-entity.ts';
import { prepareAttachments } from './attachments.ts';
import { encryptForTaskForce, loadOpenPGP } from './encrypt.ts';
import { TipError } from './errors.ts';
import type { Plaintext } from './seipd.ts';

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
  const signing = await deriveFollowupKey(receipt).catch(() => null);
  const hash = await lookupHash(thread.lookup);
  const openpgp = loadOpenPGP();
  openpgp.catch(() => {}); // awaited below
  const attachments = await prepareAttachments(files, answers.keepPhotoLocation === true);
  onProgress('tip.progress.encrypting');
  const input: TipEntityInput = {
    answers,
    attachments,
    replyKey,
    followupKey: !followup && signing ? formatFollowupKey(signing.publicKey) : null,
    locale,
    sentHour,
    randomBytes,
    ...(followup && { followup: { message: followup.message, signed: signing !== null } }),
  };
  try {
    // A report is planned, not built: it is written straight into the buffer it is encrypted in, where the
    // ciphertext then overwrites it (seipd.ts).
    const entity = followup && signing ? await signedEntity(input, signing) : planTipEntity(input);
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

/**
 * A signed follow-up: built into a buffer of its own (the signature covers the finished body, so it cannot be
 * written straight into the encryption buffer as a report is; a follow-up has at most 2 MB of files), signed in
 * place, and zeroed once it is copied into the encryption buffer.
 */
async function signedEntity(input: TipEntityInput, key: FollowupKey): Promise<Plaintext> {
  const bytes = buildTipEntity(input);
  try {
    await signFollowupEntity(bytes, key, input.sentHour);
  } catch (error) {
    bytes.fill(0);
    throw error;
  }
  return {
    length: bytes.length,
    write(target) {
      target.set(bytes);
      bytes.fill(0);
    },
  };
}
