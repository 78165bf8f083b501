// The officer's key lives here and nowhere else: a dedicated worker that reads the armored secret key the officer
// opened, unlocks it with their passphrase, and then only answers requests (decrypt, sign, encrypt to the task force
// keys). The unlocked key never leaves this realm: the page gets plaintext results and signatures. The page ends
// this worker (and with it the key) after idle time and when it is left (key-vault.ts).
import type { VaultReply, VaultRequest } from './key-vault.ts';

type OpenPGP = typeof import('openpgp/lightweight');
type PrivateKey = Awaited<ReturnType<OpenPGP['readPrivateKey']>>;
type PublicKey = Awaited<ReturnType<OpenPGP['readKey']>>;

let openpgp: OpenPGP | undefined;
let officerKey: PrivateKey | null = null;
let taskForceKeys: PublicKey[] = [];

/** Largest armored secret key file read (a key with a few subkeys is a few KB). */
const maxKeyChars = 64 * 1024;
/** Largest ciphertext decrypted: a full report with photos, armored. */
const maxMessageChars = 16 * 1024 * 1024;

async function load(): Promise<OpenPGP> {
  openpgp ??= await import('openpgp/lightweight');
  return openpgp;
}

function requireKey(): PrivateKey {
  if (!officerKey) throw new Error('locked');
  return officerKey;
}

async function handle(request: VaultRequest): Promise<VaultReply['result']> {
  const pgp = await load();
  switch (request.op) {
    case 'unlock': {
      if (request.armoredKey.length > maxKeyChars || !request.armoredKey.includes('-----BEGIN PGP PRIVATE KEY BLOCK'))
        throw new Error('not-a-secret-key');
      const key = await pgp.readPrivateKey({ armoredKey: request.armoredKey }).catch(() => {
        throw new Error('not-a-secret-key');
      });
      const fingerprint = key.getFingerprint().toUpperCase();
      if (request.expectedFingerprint && fingerprint !== request.expectedFingerprint) throw new Error('wrong-key');
      const unlocked = key.isDecrypted()
        ? key
        : await pgp.decryptKey({ privateKey: key, passphrase: request.passphrase }).catch(() => {
            throw new Error('wrong-passphrase');
          });
      taskForceKeys = await Promise.all(request.taskForceKeys.map((armoredKey) => pgp.readKey({ armoredKey })));
      officerKey = unlocked;
      return { fingerprint, userId: key.getUserIDs()[0] ?? '' };
    }
    case 'decrypt': {
      if (request.armored.length > maxMessageChars) throw new Error('too-large');
      const message = await pgp.readMessage({ armoredMessage: request.armored });
      const { data } = await pgp.decrypt({ message, decryptionKeys: requireKey(), format: 'binary' });
      return { bytes: data as Uint8Array };
    }
    case 'sign-text': {
      // A step-up: a detached signature over the server's challenge text, which names this origin.
      const message = await pgp.createMessage({ text: request.text });
      const signature = await pgp.sign({ message, signingKeys: requireKey(), detached: true, format: 'armored' });
      return { armored: signature as string };
    }
    case 'sign-reply': {
      // The reply as the tipster's browser verifies it: the text signed inside one binary OpenPGP message.
      const message = await pgp.createMessage({ text: request.text });
      const signed = await pgp.sign({ message, signingKeys: requireKey(), format: 'binary' });
      return { bytes: signed as Uint8Array };
    }
    case 'encrypt': {
      // To every task force key (a reply's record copy, a note): readable by the task force, by it only.
      if (taskForceKeys.length === 0) throw new Error('locked');
      const message = await pgp.createMessage({ text: request.text });
      const armored = await pgp.encrypt({ message, encryptionKeys: taskForceKeys, format: 'armored' });
      return { armored: armored as string };
    }
  }
}

self.onmessage = async (event: MessageEvent<VaultRequest>) => {
  const { id } = event.data;
  try {
    const result = await handle(event.data);
    const transfer = result && 'bytes' in result ? [result.bytes.buffer as ArrayBuffer] : [];
    self.postMessage({ id, result } satisfies VaultReply, { transfer });
  } catch (error) {
    const known = error instanceof Error && /^[a-z-]+$/.test(error.message) ? error.message : 'failed';
    self.postMessage({ id, error: known } satisfies VaultReply);
  }
};
