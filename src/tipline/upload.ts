// Sending a report too large for one request, in parts (the server side and the routes: functions/tips/uploads.ts).
// Used whenever the armored ciphertext is longer than tipLimits.uploadPartBytes, on every platform, so that no
// request comes near a serverless body limit (Vercel 4.5 MB).
//
// open (proof of work, rate limit) → each part, in order, retried a couple of times after a network error or a
// server error (a re-sent part is harmless) → complete (the server checks and queues the report, as for one
// request). If a part still fails, nothing was sent: the tipster is told so, and the server deletes the parts when
// the upload expires. The request function is injected so the same code runs in the tests under Node.
import { tipLimits } from '../shared/tip-fields.ts';
import { TipError } from './errors.ts';
import { errorCode, type JsonRequest } from './post.ts';

export interface UploadDeps {
  request: JsonRequest;
  /** Progress for the live region: a string key and its values. */
  say: (key: string, vars?: Record<string, string | number>) => void;
  /** Waits between retries (tests pass a short one). */
  sleep?: (ms: number) => Promise<void>;
}

/** Waits before the 2nd and 3rd try of a part. */
export const partRetryDelaysMs = [1_000, 3_000];

/** The armored text cut into parts of uploadPartBytes characters (the last holds the rest). */
export function splitIntoParts(text: string, partBytes: number = tipLimits.uploadPartBytes): string[] {
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += partBytes) parts.push(text.slice(at, at + partBytes));
  return parts;
}

export function needsParts(ciphertext: string): boolean {
  return ciphertext.length > tipLimits.uploadPartBytes;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A refusal worth trying again: the network, or the server (not the request) failed. */
const transient = (status: number) => status >= 500 || status === 408;

/** Sends the report in parts; resolves once the server answered 202 (the report is queued). */
export async function sendInParts(
  ciphertext: string,
  receipt: string,
  altcha: string,
  deps: UploadDeps,
): Promise<void> {
  const { request, say } = deps;
  const sleep = deps.sleep ?? defaultSleep;
  const parts = splitIntoParts(ciphertext);
  const base = '/api/tips/uploads';

  say('tip.progress.sending');
  let opened: Response;
  try {
    opened = await request('POST', base, { altcha, parts: parts.length, bytes: ciphertext.length });
  } catch {
    throw new TipError('network');
  }
  if (opened.status !== 201) throw new TipError(await errorCode(opened));
  const { upload } = (await opened.json()) as { upload: string };
  const partPath = (index: number) => `${base}/${encodeURIComponent(upload)}/parts/${index}`;

  const sendPart = async (index: number) => {
    say('tip.progress.part', { part: index + 1, parts: parts.length });
    for (let attempt = 0; ; attempt++) {
      let response: Response | null = null;
      try {
        response = await request('PUT', partPath(index), { data: parts[index] });
      } catch {
        // the network failed: retried below
      }
      if (response?.ok) return;
      const retryable = !response || transient(response.status);
      if (!retryable || attempt >= partRetryDelaysMs.length) {
        throw new TipError(response ? await errorCode(response) : 'network');
      }
      await sleep(partRetryDelaysMs[attempt]!);
    }
  };

  for (let index = 0; index < parts.length; index++) await sendPart(index);

  say('tip.progress.finishing');
  for (let round = 0; ; round++) {
    let done: Response;
    try {
      done = await request('POST', `${base}/${encodeURIComponent(upload)}/complete`, { receipt });
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
