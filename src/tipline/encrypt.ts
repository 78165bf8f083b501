// OpenPGP encryption of the report, in the browser. OpenPGP.js (the lightweight build, about 64 KB gzipped) is
// fetched only when the form is first used, so the report page itself stays small.
// The padded MIME entity is encrypted as one binary literal, to every task force key at once (one recipient
// packet per key, made by OpenPGP.js; the data packet by seipd.ts, a tenth of the time), and sent in binary: the
// server checks the recipient set against the same keys and armors it for mail (armor here would add a third to
// the upload).
import { canSeal, sealMessage, type Plaintext } from './seipd.ts';

type OpenPGP = typeof import('openpgp/lightweight');
type PublicKey = Awaited<ReturnType<OpenPGP['readKey']>>;

let loading: Promise<OpenPGP> | undefined;

export function loadOpenPGP(): Promise<OpenPGP> {
  loading ??= import('openpgp/lightweight').catch((error: unknown) => {
    loading = undefined; // a failed download can be retried
    throw error;
  });
  return loading;
}

let parsed: { armored: string; keys: Promise<PublicKey[]> } | undefined;

/** The task force keys, parsed (and their signatures checked) once: ahead of time, while the tipster writes. */
export function prepareKeys(armoredKeys: readonly string[]): Promise<PublicKey[]> {
  const armored = armoredKeys.join('\n');
  if (parsed?.armored !== armored) {
    const keys = loadOpenPGP().then((openpgp) =>
      Promise.all(armoredKeys.map((armoredKey) => openpgp.readKey({ armoredKey }))),
    );
    parsed = { armored, keys };
    keys.catch(() => {
      if (parsed?.keys === keys) parsed = undefined; // tried again when sealing
    });
  }
  return parsed.keys;
}

export async function encryptForTaskForce(plaintext: Plaintext, armoredKeys: readonly string[]): Promise<Uint8Array> {
  if (armoredKeys.length === 0) throw new Error('no task force key');
  const openpgp = await loadOpenPGP();
  const encryptionKeys = await prepareKeys(armoredKeys);
  // The cipher every key prefers (AES-256 for the keys this tip line makes); never AEAD (SEIPD v2), which GnuPG 2.2
  // and Thunderbird cannot read and the server refuses.
  const { data: sessionKey, algorithm } = await openpgp.generateSessionKey({ encryptionKeys });
  if (!canSeal(algorithm)) {
    const bytes = new Uint8Array(plaintext.length);
    plaintext.write(bytes);
    try {
      const message = await openpgp.createMessage({ binary: bytes, format: 'binary' });
      return await openpgp.encrypt({ message, encryptionKeys, format: 'binary', config: { aeadProtect: false } });
    } finally {
      bytes.fill(0);
    }
  }
  try {
    const recipients = await openpgp.encryptSessionKey({
      data: sessionKey,
      algorithm,
      encryptionKeys,
      format: 'binary',
    });
    return await sealMessage(recipients, sessionKey, algorithm, plaintext);
  } finally {
    sessionKey.fill(0);
  }
}
