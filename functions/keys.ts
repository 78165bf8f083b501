// The task force's public keys: the one loader used at build time (the site embeds the fingerprints and serves the
// armored keys at /taskforce-keys.asc) and at run time (the envelope check, the no-JS path's encryption).
//
// Source: TASKFORCE_PUBLIC_KEYS, a file with one or more armored public keys. When it is not set and this is not
// production, a demo key pair is made on first use in <DATA_DIR>/demo-keys/, private key included, so tips sent to
// a local server can be decrypted there. Keys are checked for what the officers' software can read: GnuPG 2.2 and
// Thunderbird (RNP) read v4 keys with ECDH Curve25519 or RSA subkeys, not v6 keys or RFC 9580 X25519 subkeys.
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as openpgp from 'openpgp';
import { ConfigError } from './config.ts';

/** A problem with the key file, as the one start-up error type (functions/config.ts). */
function keyProblem(message: string): ConfigError {
  return new ConfigError([message]);
}

export interface TaskForceKeys {
  /** The public keys as one armored text, one block per key (what /taskforce-keys.asc serves). */
  armored: string;
  keys: openpgp.PublicKey[];
  /** Upper-case hex fingerprints, in the order of `keys`. */
  fingerprints: string[];
  isDemo: boolean;
  /** Where the demo private key is (demo keys only), to decrypt test tips locally. */
  demoPrivateKeyPath?: string;
}

export interface LoadKeysOptions {
  /** TASKFORCE_PUBLIC_KEYS: path of the armored public keys; null or undefined: demo keys. */
  publicKeysFile?: string | null;
  dataDir: string;
  production: boolean;
  /** Checks validity at this time (default now). */
  date?: Date;
}

const demoUserId = { name: 'DEMO task force key - not for real reports', email: 'demo-key@tipline.invalid' };

export async function loadTaskForceKeys(options: LoadKeysOptions): Promise<TaskForceKeys> {
  if (options.publicKeysFile) {
    const path = resolve(options.publicKeysFile);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw keyProblem(
        `TASKFORCE_PUBLIC_KEYS: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
    return { ...(await parsePublicKeys(text, `TASKFORCE_PUBLIC_KEYS (${path})`, options.date)), isDemo: false };
  }
  if (options.production) {
    throw keyProblem('TASKFORCE_PUBLIC_KEYS is not set: in production the tip line never uses demo keys.');
  }
  const dir = join(resolve(options.dataDir), 'demo-keys');
  await ensureDemoKeys(dir);
  const text = await readFile(join(dir, 'public.asc'), 'utf8');
  return {
    ...(await parsePublicKeys(text, `demo key (${dir})`, options.date)),
    isDemo: true,
    demoPrivateKeyPath: join(dir, 'private.asc'),
  };
}

/** Reads one or more armored public keys (concatenated blocks, or several keys in one block) and checks them. */
export async function parsePublicKeys(
  text: string,
  source: string,
  date = new Date(),
): Promise<Omit<TaskForceKeys, 'isDemo'>> {
  const blocks =
    text.match(/-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----[\s\S]*?-----END PGP \1 KEY BLOCK-----/g) ?? [];
  if (blocks.length === 0) throw keyProblem(`${source}: no armored public key found.`);
  const keys: openpgp.PublicKey[] = [];
  for (const block of blocks) {
    if (block.includes('PRIVATE KEY BLOCK')) {
      throw keyProblem(
        `${source} holds a PRIVATE key. Give only the public keys (gpg --armor --export), ` +
          'and keep private keys away from the server.',
      );
    }
    let read: openpgp.Key[];
    try {
      read = await openpgp.readKeys({ armoredKeys: block });
    } catch (error) {
      throw keyProblem(`${source}: a key block cannot be read (${(error as Error).message}).`);
    }
    for (const key of read) {
      if (key.isPrivate()) throw keyProblem(`${source} holds a PRIVATE key; give only the public keys.`);
      keys.push(key as openpgp.PublicKey);
    }
  }
  const fingerprints: string[] = [];
  for (const key of keys) {
    const fingerprint = key.getFingerprint().toUpperCase();
    const label = `${source}: key ${fingerprint}`;
    if (fingerprints.includes(fingerprint)) throw keyProblem(`${label} is given twice.`);
    if (key.keyPacket.version !== 4) {
      throw keyProblem(
        `${label} is a version ${key.keyPacket.version} key; GnuPG 2.2 and Thunderbird ` +
          'read only version 4 keys. Create one with `npm run keys -- generate`.',
      );
    }
    let encryptionKey;
    try {
      encryptionKey = await key.getEncryptionKey(undefined, date);
    } catch {
      throw keyProblem(`${label} has no valid encryption subkey (expired, revoked or signing only).`);
    }
    const algorithm = encryptionKey.keyPacket.algorithm;
    if (
      algorithm !== openpgp.enums.publicKey.ecdh &&
      algorithm !== openpgp.enums.publicKey.rsaEncryptSign &&
      algorithm !== openpgp.enums.publicKey.rsaEncrypt
    ) {
      throw keyProblem(
        `${label} encrypts with ${openpgp.enums.read(openpgp.enums.publicKey, algorithm)}, ` +
          'which GnuPG 2.2 and Thunderbird cannot decrypt; use an ECDH Curve25519 or RSA 3072+ subkey.',
      );
    }
    fingerprints.push(fingerprint);
  }
  const armored = keys.map((k) => k.armor()).join('\n');
  return { armored, keys, fingerprints };
}

export interface GeneratedKeyPair {
  publicKey: string;
  privateKey: string;
  fingerprint: string;
}

/**
 * A key pair GnuPG 2.2 and Thunderbird accept: v4, Ed25519 primary, Curve25519 ECDH subkey (OpenPGP.js 'ecc'),
 * whose preferences name only algorithms GnuPG 2.2 has (see digestPreferencesFor22).
 */
export async function generateTaskForceKeyPair(options: {
  name: string;
  email?: string;
  passphrase?: string;
}): Promise<GeneratedKeyPair> {
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc', // curve25519Legacy: never 'curve25519' (RFC 9580), v6Keys or aeadProtect (GnuPG 2.2 cannot read them)
    userIDs: [{ name: options.name, ...(options.email ? { email: options.email } : {}) }],
    format: 'object',
  });
  await digestPreferencesFor22(privateKey);
  const finished = options.passphrase
    ? await openpgp.encryptKey({ privateKey, passphrase: options.passphrase })
    : privateKey;
  return {
    publicKey: finished.toPublic().armor(),
    privateKey: finished.armor(),
    fingerprint: finished.getFingerprint().toUpperCase(),
  };
}

/** Only what GnuPG 2.2 knows: SHA-512, then SHA-256. */
const preferredDigests = [openpgp.enums.hash.sha512, openpgp.enums.hash.sha256];
const saltNotation = 'salt@notations.openpgpjs.org';
/** SignaturePacket.sign as implemented: its typings take a Uint8Array and no config; it signs an object, and needs one. */
const signWith = openpgp.SignaturePacket.prototype.sign as unknown as (
  this: openpgp.SignaturePacket,
  key: openpgp.SecretKeyPacket,
  data: { userID: openpgp.UserIDPacket; key: openpgp.SecretKeyPacket },
  date: Date | undefined,
  detached: boolean,
  config: openpgp.Config,
) => Promise<void>;

/**
 * OpenPGP.js writes SHA3-512 and SHA3-256 into a new key's digest preferences; GnuPG 2.2 (Debian 12) does not know
 * them and warns on every import ("contains preferences for unavailable algorithms … update your preferences").
 * Each user ID's self-signature is made again with the same properties but these preferences, before the key is
 * protected with its passphrase. (OpenPGP.js has no option for the list.)
 */
async function digestPreferencesFor22(key: openpgp.PrivateKey): Promise<void> {
  const primary = key.keyPacket as openpgp.SecretKeyPacket; // a freshly generated private key's, decrypted
  for (const user of key.users) {
    if (!user.userID) continue;
    const userID = user.userID;
    user.selfCertifications = await Promise.all(
      user.selfCertifications.map(async (old) => {
        const signature = new openpgp.SignaturePacket();
        signature.read(old.write());
        signature.preferredHashAlgorithms = preferredDigests;
        // sign() adds a fresh salt notation and refuses to sign over an old one.
        signature.rawNotations = signature.rawNotations.filter((n) => n.name !== saltNotation);
        await signWith.call(
          signature,
          primary,
          { userID, key: primary },
          old.created ?? undefined,
          false,
          openpgp.config,
        );
        return signature;
      }),
    );
  }
}

/**
 * Makes the demo pair once. The pair is written to a temporary directory that is then renamed into place, so two
 * processes starting together (the build and the server) end up using the same pair, never half of one.
 */
async function ensureDemoKeys(dir: string): Promise<void> {
  try {
    await readFile(join(dir, 'public.asc'));
    return;
  } catch {
    // not there yet
  }
  const parent = resolve(dir, '..');
  await mkdir(parent, { recursive: true, mode: 0o700 });
  const temp = await mkdtemp(join(parent, '.demo-keys-'));
  try {
    const pair = await generateTaskForceKeyPair(demoUserId);
    await writeFile(join(temp, 'public.asc'), pair.publicKey, { mode: 0o644 });
    // Unprotected on purpose: it is a demo key for decrypting local test tips; it says so in its user ID.
    await writeFile(join(temp, 'private.asc'), pair.privateKey, { mode: 0o600 });
    await writeFile(
      join(temp, 'README.txt'),
      'Demo key pair made because TASKFORCE_PUBLIC_KEYS is not set. Never use it for real reports.\n' +
        'Decrypt a local test tip with: gpg --import private.asc && gpg --decrypt tip.asc\n',
    );
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    // Another process won the race: its pair is in place.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
}
