// Puts a task force reply into a tipster's thread the way the desk will: the text signed with a task force
// OpenPGP key (binary signed message), sealed with HPKE to the tipster's reply key (src/shared/followup/), stored
// through the desk store as the thread's next message. For the thread API tests and the status page's browser
// test; the desk's own tests use it too. `signingKey: null` stores an unsigned reply (what a forger with only the
// database could write); `sealTo` lets a test seal to a key other than the tipster's.
import * as openpgp from 'openpgp';
import { deriveThreadKeys, lookupHash, sealReply, toBase64url } from '../../../src/shared/followup/index.ts';
import type { DeskStore } from '../../../functions/desk-ports.ts';

export interface ReplyOptions {
  /** The armored secret key (unlocked) that signs; null: the reply is not signed at all. */
  signingKey: string | null;
  /** Whom the record copy is encrypted to (armored public keys); absent: a placeholder record. */
  recordKeys?: string;
  /** Seal to this public key instead of the one the code derives. */
  sealTo?: Uint8Array;
  day?: string;
  author?: string;
}

/** The case a reference code's thread is filed under, or null. */
export async function caseOfCode(store: DeskStore, code: string): Promise<string | null> {
  const { lookup } = await deriveThreadKeys(code);
  return store.caseIdByLookup(await lookupHash(lookup));
}

/** The lookup token a browser sends for this code (base64url). */
export async function lookupOfCode(code: string): Promise<string> {
  return toBase64url((await deriveThreadKeys(code)).lookup);
}

export async function signReply(text: string, armoredSecretKey: string): Promise<Uint8Array> {
  const signingKeys = await openpgp.readPrivateKey({ armoredKey: armoredSecretKey });
  return (await openpgp.sign({
    message: await openpgp.createMessage({ text }),
    signingKeys,
    format: 'binary',
  })) as Uint8Array;
}

/** Stores the reply as the thread's next message; returns its seq. */
export async function storeReply(store: DeskStore, code: string, text: string, options: ReplyOptions): Promise<number> {
  const caseId = await caseOfCode(store, code);
  if (!caseId) throw new Error('no case for this code');
  const found = await store.getCase(caseId);
  const seq = found!.messages;
  const signed = options.signingKey
    ? await signReply(text, options.signingKey)
    : ((await openpgp.createMessage({ text })).write() as Uint8Array);
  const sealed = await sealReply(options.sealTo ?? (await deriveThreadKeys(code)).replyPublicKey, signed, caseId, seq);
  const record = options.recordKeys
    ? await openpgp.encrypt({
        message: await openpgp.createMessage({ text }),
        encryptionKeys: await openpgp.readKeys({ armoredKeys: options.recordKeys }),
      })
    : '-----BEGIN PGP MESSAGE-----\n(test record)\n-----END PGP MESSAGE-----\n';
  const stored = await store.addMessage(caseId, {
    kind: 'reply',
    day: options.day ?? new Date().toISOString().slice(0, 10),
    body: toBase64url(sealed),
    record,
    author: options.author ?? 'officer-test',
  });
  if (stored !== seq) throw new Error(`the reply was stored as ${stored}, sealed for ${seq}`);
  return seq;
}
