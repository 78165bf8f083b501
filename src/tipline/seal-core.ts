// The steps that turn answers and files into the encrypted report: clean the photos, make the reference code,
// plan the padded MIME entity, encrypt it to every task force key (written into the buffer it is encrypted in, and
// overwritten there by the ciphertext), then zero the photos' buffers (strings cannot be wiped; these can).
// Runs in seal-worker.ts, off the page's main thread.
import { newReceiptCode } from '../shared/receipt.ts';
import type { TipAnswers } from '../shared/tip-fields.ts';
import { planTipEntity } from '../shared/tip-entity.ts';
import { prepareAttachments } from './attachments.ts';
import { encryptForTaskForce, loadOpenPGP } from './encrypt.ts';
import { TipError } from './errors.ts';

export interface SealRequest {
  answers: TipAnswers;
  files: File[];
  keys: string[];
  locale: string;
  sentHour: string;
}

export interface Sealed {
  /** The binary OpenPGP message. */
  ciphertext: Uint8Array;
  /** The new reference code, also written inside the encrypted report. */
  receipt: string;
}

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

export async function sealReport(request: SealRequest, onProgress: (key: string) => void): Promise<Sealed> {
  const { answers, files, keys, locale, sentHour } = request;
  const receipt = newReceiptCode(randomBytes);
  const openpgp = loadOpenPGP();
  openpgp.catch(() => {}); // awaited below
  const attachments = await prepareAttachments(files, answers.keepPhotoLocation === true);
  onProgress('tip.progress.encrypting');
  // Planned, not built: it is written straight into the buffer it is encrypted in, where the ciphertext then
  // overwrites it (seipd.ts).
  const entity = planTipEntity({ answers, attachments, receipt, locale, sentHour, randomBytes });
  try {
    try {
      await openpgp;
    } catch {
      throw new TipError('crypto.load');
    }
    try {
      return { ciphertext: await encryptForTaskForce(entity, keys), receipt };
    } catch {
      throw new TipError('crypto.failed');
    }
  } finally {
    for (const a of attachments) a.bytes.fill(0);
  }
}
