// Web Worker that builds and encrypts the report (seal-core.ts) off the page's main thread, so that on a slow
// phone the page, and its quick exit button, keeps responding during the seconds this takes. The plaintext
// lives only here and goes with the worker, which the page ends after each report.
import { loadOpenPGP, prepareKeys } from './encrypt.ts';
import { TipError } from './errors.ts';
import type { SealMessage, SealReply } from './seal.ts';
import { sealReport } from './seal-core.ts';

const reply = (message: SealReply, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

// Load OpenPGP.js now, while the tipster is still writing (and the keys when the page sends them); a failure is
// reported when sealing.
loadOpenPGP().catch(() => {});

self.onmessage = async (event: MessageEvent<SealMessage>) => {
  if ('prepare' in event.data) {
    prepareKeys(event.data.prepare).catch(() => {}); // a failure is reported when sealing
    return;
  }
  try {
    const sealed = await sealReport(event.data, (progress) => reply({ progress }));
    reply(sealed, [sealed.ciphertext.buffer]); // moved to the page, not copied
  } catch (error) {
    reply(error instanceof TipError ? { error: error.code, vars: error.vars } : { error: 'crypto.failed', vars: {} });
  }
};
