// Sending the encrypted report: the binary OpenPGP message in one request, or in parts when it is longer than
// tipLimits.uploadPartBytes (the server side: functions/tips/intake-binary.ts and functions/tips/uploads.ts).
//
// Parts: open (proof of work, rate limit) → each part, in order → complete (the server checks and queues the report,
// as for one request). A part whose request fails for the network, or for the server, is sent again after a pause,
// up to partRetryDelaysMs.length times: a connection that drops (a phone between networks) resumes from the part it
// was in, never from the start. If a part still fails, the report was not queued: the tipster is told so, and the
// server deletes the parts when the upload expires.
//
// Progress is honest: the bytes the browser has handed to the network, of the whole message, counted as they go
// (an XMLHttpRequest's upload events), and which part is on its way. The request function is injected so the same
// code runs under Node in the tests.
import { tipHeaders, tipLimits } from '../shared/tip-fields.ts';
import { TipError } from './errors.ts';
import { errorCode, type JsonRequest } from './post.ts';

/** Sends one binary body; calls onSent with the bytes of it sent so far; rejects only when the network failed. */
export type BinaryRequest = (
  method: 'POST' | 'PUT',
  path: string,
  body: Uint8Array,
  headers: Record<string, string>,
  onSent: (bytes: number) => void,
) => Promise<Response>;

export interface TransferProgress {
  /** Bytes of the ciphertext sent so far, and of the whole. */
  sent: number;
  total: number;
  /** The part on its way (1-based) and how many there are; 1 of 1 for a single request. */
  part: number;
  parts: number;
}

export interface UploadDeps {
  json: JsonRequest;
  binary: BinaryRequest;
  /** A step for the live region: a string key and its values. */
  say: (key: string, vars?: Record<string, string | number>) => void;
  /** Bytes sent, as they go. */
  progress: (progress: TransferProgress) => void;
  /** Waits between tries of a part (tests pass a short one). */
  sleep?: (ms: number) => Promise<void>;
}

/** Waits before each new try of a part: about a minute and a half in all, for a connection to come back. */
export const partRetryDelaysMs = [1_000, 3_000, 10_000, 30_000, 45_000];

/** The ciphertext cut into parts of uploadPartBytes bytes (the last holds the rest): views, not copies. */
export function splitIntoParts(bytes: Uint8Array, partBytes: number = tipLimits.uploadPartBytes): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += partBytes) parts.push(bytes.subarray(at, at + partBytes));
  return parts;
}

export function needsParts(ciphertext: Uint8Array): boolean {
  return ciphertext.length > tipLimits.uploadPartBytes;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A refusal worth trying again: the network, or the server (not the request) failed. */
const transient = (status: number) => status >= 500 || status === 408;

/** Sends the report whole, with its thread's lookup hash and the proof of work in headers; resolves on 202. */
export async function sendWhole(
  ciphertext: Uint8Array,
  lookupHash: string,
  altcha: string,
  deps: UploadDeps,
): Promise<void> {
  const total = ciphertext.length;
  deps.say('tip.progress.sending');
  deps.progress({ sent: 0, total, part: 1, parts: 1 });
  let response: Response;
  try {
    response = await deps.binary(
      'POST',
      '/api/tips',
      ciphertext,
      { [tipHeaders.lookup]: lookupHash, [tipHeaders.proof]: altcha },
      (sent) => deps.progress({ sent, total, part: 1, parts: 1 }),
    );
  } catch {
    throw new TipError('network');
  }
  if (!response.ok) throw new TipError(await errorCode(response));
}

/** Sends the report in parts; resolves once the server answered 202 (the report is queued). */
export async function sendInParts(
  ciphertext: Uint8Array,
  lookupHash: string,
  altcha: string,
  deps: UploadDeps,
): Promise<void> {
  const { json, binary, say, progress } = deps;
  const sleep = deps.sleep ?? defaultSleep;
  const parts = splitIntoParts(ciphertext);
  const total = ciphertext.length;
  const base = '/api/tips/uploads';

  say('tip.progress.sending');
  progress({ sent: 0, total, part: 1, parts: parts.length });
  let opened: Response;
  try {
    opened = await json('POST', base, { altcha, parts: parts.length, bytes: total });
  } catch {
    throw new TipError('network');
  }
  if (opened.status !== 201) throw new TipError(await errorCode(opened));
  const { upload } = (await opened.json()) as { upload: string };
  const partPath = (index: number) => `${base}/${encodeURIComponent(upload)}/parts/${index}`;
  const before = (index: number) => index * tipLimits.uploadPartBytes;

  const sendPart = async (index: number) => {
    say('tip.progress.part', { part: index + 1, parts: parts.length });
    const report = (sent: number) =>
      progress({ sent: before(index) + sent, total, part: index + 1, parts: parts.length });
    for (let attempt = 0; ; attempt++) {
      report(0);
      let response: Response | null = null;
      try {
        response = await binary('PUT', partPath(index), parts[index]!, {}, report);
      } catch {
        // the network failed: tried again below
      }
      if (response?.ok) return;
      const retryable = !response || transient(response.status);
      if (!retryable || attempt >= partRetryDelaysMs.length) {
        throw new TipError(response ? await errorCode(response) : 'network');
      }
      say('tip.progress.retrying', { part: index + 1, parts: parts.length });
      await sleep(partRetryDelaysMs[attempt]!);
      say('tip.progress.part', { part: index + 1, parts: parts.length });
    }
  };

  for (let index = 0; index < parts.length; index++) await sendPart(index);
  progress({ sent: total, total, part: parts.length, parts: parts.length });

  say('tip.progress.finishing');
  for (let round = 0; ; round++) {
    let done: Response;
    try {
      done = await json('POST', `${base}/${encodeURIComponent(upload)}/complete`, { lookupHash });
    } catch {
      throw new TipError('network');
    }
    if (done.ok) return;
    const missing = done.status === 409 ? await missingParts(done.clone(), parts.length) : [];
    if (missing.length === 0 || round > 0) throw new TipError(await errorCode(done));
    // The server lost a part it had acknowledged and says which: send those again, once.
    for (const index of missing) await sendPart(index);
    say('tip.progress.finishing');
  }
}

/** The parts an `upload.incomplete` answer lists as missing (none for any other answer). */
async function missingParts(response: Response, count: number): Promise<number[]> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown }; missing?: unknown };
    if (body.error?.code !== 'upload.incomplete' || !Array.isArray(body.missing)) return [];
    return body.missing.filter((i): i is number => Number.isInteger(i) && i >= 0 && i < count);
  } catch {
    return [];
  }
}
