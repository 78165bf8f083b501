// The page's side of seal-worker.ts: hands the answers and the chosen files (File objects, not yet read) to a
// worker and waits for the binary ciphertext and its reference code. The worker is started on the first
// interaction with the form, so OpenPGP.js is already loaded there when the tipster sends; each worker serves
// one report and is then ended, and with it every plaintext copy it held.
// There is no fallback to the main thread: browsers without workers keep the plain form (see tip-form.ts).
import { TipError } from './errors.ts';
import type { Sealed, SealRequest } from './seal-core.ts';

export type { Sealed, SealRequest };

export type SealReply = Sealed | { error: string; vars: Record<string, string | number> } | { progress: string };
/** What the page sends the worker: the keys to read ahead of time, then the report. */
export type SealMessage = { prepare: readonly string[] } | SealRequest;

let ready: Worker | null = null;

function startWorker(): Worker {
  return new Worker(new URL('./seal-worker.ts', import.meta.url), { type: 'module' });
}

/** Starts the next report's worker ahead of time: it loads OpenPGP.js and reads the task force keys meanwhile. */
export function prepareSeal(keys: readonly string[]): void {
  try {
    if (ready) return;
    ready = startWorker();
    ready.postMessage({ prepare: keys } satisfies SealMessage);
  } catch {
    // reported when sealing
  }
}

export async function seal(request: SealRequest, onProgress: (key: string) => void): Promise<Sealed> {
  let worker: Worker;
  try {
    worker = ready ?? startWorker();
  } catch {
    throw new TipError('crypto.load');
  }
  ready = null;
  try {
    return await new Promise<Sealed>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<SealReply>) => {
        const reply = event.data;
        if ('progress' in reply) onProgress(reply.progress);
        else if ('ciphertext' in reply) resolve(reply);
        else reject(new TipError(reply.error, reply.vars));
      };
      // The worker's script did not load or it crashed: nothing was encrypted, so nothing can be sent.
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new TipError('crypto.load'));
      };
      worker.postMessage(request);
    });
  } finally {
    worker.terminate();
  }
}
