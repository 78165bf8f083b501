// Sends a follow-up to a thread: the message and files sealed by the same worker as a report (photos cleaned,
// padded MIME entity with the reply key, encrypted to every task force key), as base64url, then one proof of work and
// one JSON request to POST /api/thread/followups. Nothing is kept: the worker ends with its plaintext.
import { followupLimits } from '../../shared/followup/limits.ts';
import { hourLabel } from '../../shared/hour.ts';
import { toBase64url } from '../../shared/followup/bytes.ts';
import { TipError } from '../errors.ts';
import { errorCode, fetchJson } from '../post.ts';
import { prepareProof, takeProof } from '../pow.ts';
import { seal } from '../seal.ts';

export interface FollowupInput {
  code: string;
  lookup: string;
  message: string;
  files: File[];
  keys: string[];
  locale: string;
}

/** Null when the files fit; otherwise the error key. */
export function followupTooLarge(files: readonly File[]): boolean {
  return (
    files.length > followupLimits.maxFiles || files.reduce((n, f) => n + f.size, 0) > followupLimits.maxAttachmentBytes
  );
}

export async function sendFollowup(input: FollowupInput, onProgress: (key: string) => void): Promise<void> {
  prepareProof();
  const { ciphertext } = await seal(
    {
      answers: { text: {}, choices: {} },
      files: input.files,
      keys: input.keys,
      locale: input.locale,
      sentHour: hourLabel(Date.now()),
      followup: { message: input.message, code: input.code },
    },
    onProgress,
  );
  // The binary message as base64url: a third smaller than armor, and the server armors it for mail itself.
  const encoded = toBase64url(ciphertext);
  for (let attempt = 0; ; attempt++) {
    let altcha: string;
    try {
      altcha = await takeProof();
    } catch {
      throw new TipError('pow.failed');
    }
    let response: Response;
    try {
      response = await fetchJson('POST', '/api/thread/followups', {
        lookup: input.lookup,
        ciphertext: encoded,
        altcha,
      });
    } catch {
      throw new TipError('network');
    }
    if (response.ok) return;
    const code = await errorCode(response);
    if ((code === 'pow.invalid' || code === 'pow.replayed') && attempt === 0) continue;
    throw new TipError(code);
  }
}
