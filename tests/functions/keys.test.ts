// The task force key loader and the demo pair, checked with real GnuPG (what the officers use).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/config.ts';
import { generateTaskForceKeyPair, loadTaskForceKeys } from '../../functions/keys.ts';

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keys-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function keysFile(text: string): Promise<string> {
  const path = join(await tempDir(), 'keys.asc');
  await writeFile(path, text);
  return path;
}

async function loadError(text: string): Promise<string> {
  const error = await loadTaskForceKeys({
    publicKeysFile: await keysFile(text),
    dataDir: '/nonexistent',
    production: true,
  }).catch((e) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

describe('demo keys', () => {
  it('are made once in DATA_DIR/demo-keys, private key 0600, the same pair on every load, even in parallel', async () => {
    const dataDir = await tempDir();
    const [a, b] = await Promise.all([
      loadTaskForceKeys({ dataDir, production: false }),
      loadTaskForceKeys({ dataDir, production: false }),
    ]);
    expect(a.isDemo).toBe(true);
    expect(a.fingerprints).toHaveLength(1);
    expect(b.fingerprints).toEqual(a.fingerprints);
    const again = await loadTaskForceKeys({ dataDir, production: false });
    expect(again.fingerprints).toEqual(a.fingerprints);
    expect(a.demoPrivateKeyPath).toBe(join(dataDir, 'demo-keys', 'private.asc'));
    expect(statSync(a.demoPrivateKeyPath!).mode & 0o777).toBe(0o600);
    expect(a.armored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(a.armored).not.toContain('PRIVATE');
  });

  it('are never used in production', async () => {
    const error = await loadTaskForceKeys({ dataDir: await tempDir(), production: true }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('TASKFORCE_PUBLIC_KEYS is not set');
  });

  it('GnuPG imports the demo pair and decrypts what OpenPGP.js encrypted to it', async () => {
    const dataDir = await tempDir();
    const keys = await loadTaskForceKeys({ dataDir, production: false });
    const ciphertext = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'MARKER-GPG readable by officers' }),
      encryptionKeys: keys.keys,
    });
    const home = await tempDir();
    const gpg = (args: string[], input?: string) =>
      execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', '--no-tty', ...args], {
        input,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    gpg(['--import', keys.demoPrivateKeyPath!]);
    expect(gpg(['--decrypt'], ciphertext)).toBe('MARKER-GPG readable by officers');
    expect(gpg(['--with-colons', '--list-keys'])).toContain(keys.fingerprints[0]);
  });
});

describe('generated key pairs', () => {
  it('prefer only digests GnuPG 2.2 has (SHA-512, SHA-256), under a self-signature that still verifies', async () => {
    const pair = await generateTaskForceKeyPair({
      name: 'Officer',
      email: 'officer@taskforce.example',
      passphrase: 'a long passphrase',
    });
    for (const armored of [pair.publicKey, pair.privateKey]) {
      const key = await openpgp.readKey({ armoredKey: armored });
      await key.verifyPrimaryKey(); // throws if the re-made self-signature does not verify
      const { selfCertification } = await key.getPrimaryUser();
      expect(selfCertification.preferredHashAlgorithms).toEqual([openpgp.enums.hash.sha512, openpgp.enums.hash.sha256]);
      expect(key.getFingerprint().toUpperCase()).toBe(pair.fingerprint);
    }
    const privateKey = await openpgp.readPrivateKey({ armoredKey: pair.privateKey });
    expect(privateKey.isDecrypted()).toBe(false);
    await openpgp.decryptKey({ privateKey, passphrase: 'a long passphrase' });
  });
});

describe('TASKFORCE_PUBLIC_KEYS', () => {
  it('reads several keys, concatenated blocks or one block, in order', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map((n) => generateTaskForceKeyPair({ name: `Officer ${n}` })));
    const loaded = await loadTaskForceKeys({
      publicKeysFile: await keysFile(`${a!.publicKey}\n${b!.publicKey}`),
      dataDir: '/nonexistent',
      production: true,
    });
    expect(loaded.isDemo).toBe(false);
    expect(loaded.fingerprints).toEqual([a!.fingerprint, b!.fingerprint]);
    expect(loaded.demoPrivateKeyPath).toBeUndefined();
    // One armored block holding two keys (gpg --export --armor A B).
    const keys = await Promise.all([b!, c!].map((k) => openpgp.readKey({ armoredKey: k.publicKey })));
    const oneBlock = openpgp.armor(
      openpgp.enums.armor.publicKey,
      new Uint8Array([...keys[0]!.write(), ...keys[1]!.write()]),
    );
    const both = await loadTaskForceKeys({ publicKeysFile: await keysFile(oneBlock), dataDir: '/x', production: true });
    expect(both.fingerprints).toEqual([b!.fingerprint, c!.fingerprint]);
  });

  it('refuses a private key, with advice', async () => {
    const pair = await generateTaskForceKeyPair({ name: 'Officer' });
    expect(await loadError(pair.privateKey)).toContain('holds a PRIVATE key');
  });

  it('refuses keys GnuPG 2.2 or Thunderbird cannot use: v6, RFC 9580 X25519', async () => {
    const v6 = await openpgp.generateKey({ userIDs: [{ name: 'v6' }], config: { v6Keys: true } });
    expect(await loadError(v6.publicKey)).toMatch(/version 6 key; GnuPG 2.2 and Thunderbird read only version 4/);
    const x25519 = await openpgp.generateKey({ userIDs: [{ name: 'x' }], type: 'curve25519' });
    expect(await loadError(x25519.publicKey)).toMatch(
      /encrypts with x25519, which GnuPG 2.2 and Thunderbird cannot decrypt/,
    );
  });

  it('refuses a key with no valid encryption subkey, a duplicate, an empty file and a missing file', async () => {
    const pair = await openpgp.generateKey({
      userIDs: [{ name: 'Expired' }],
      keyExpirationTime: 1,
      date: new Date(Date.now() - 10_000),
    });
    expect(await loadError(pair.publicKey)).toContain('has no valid encryption subkey');
    const ok = await generateTaskForceKeyPair({ name: 'Twice' });
    expect(await loadError(`${ok.publicKey}\n${ok.publicKey}`)).toContain('is given twice');
    expect(await loadError('nothing here')).toContain('no armored public key found');
    const missing = await loadTaskForceKeys({
      publicKeysFile: '/nonexistent/keys.asc',
      dataDir: '/x',
      production: true,
    }).catch((e) => e);
    expect(missing.message).toMatch(/cannot read \/nonexistent\/keys.asc \(ENOENT\)/);
  });

  it('generateTaskForceKeyPair: v4 Ed25519 + Curve25519 ECDH, private key protected by the passphrase', async () => {
    const pair = await generateTaskForceKeyPair({
      name: 'Duty officer',
      email: 'duty@taskforce.example',
      passphrase: 'correct horse',
    });
    const key = await openpgp.readPrivateKey({ armoredKey: pair.privateKey });
    expect(key.keyPacket.version).toBe(4);
    expect(key.keyPacket.algorithm).toBe(openpgp.enums.publicKey.eddsaLegacy);
    const sub = await key.toPublic().getEncryptionKey();
    expect(sub.keyPacket.algorithm).toBe(openpgp.enums.publicKey.ecdh);
    expect(key.isDecrypted()).toBe(false);
    await expect(openpgp.decryptKey({ privateKey: key, passphrase: 'wrong' })).rejects.toThrow();
    expect((await openpgp.decryptKey({ privateKey: key, passphrase: 'correct horse' })).isDecrypted()).toBe(true);
  });
});
