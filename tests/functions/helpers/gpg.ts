// Real GnuPG in a temporary home directory: the reference reader for what the task force receives.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Gpg {
  home: string;
  /** Imports a key; resolves with what gpg said on stderr (its warnings). */
  importKey(armored: string, passphrase?: string): Promise<string>;
  /** Decrypts an armored message with the imported secret key. */
  decrypt(armored: string, passphrase: string): Promise<Buffer>;
  /** `gpg --list-secret-keys --with-colons` output. */
  listSecretKeys(): Promise<string>;
  /**
   * Makes a key as an officer would (Ed25519 primary for signing, Curve25519 subkey for encryption, no passphrase)
   * and returns it armored.
   */
  generateKey(userId: string): Promise<{ fingerprint: string; publicKey: string; secretKey: string }>;
  close(): Promise<void>;
}

export async function createGpg(): Promise<Gpg> {
  // Short path: gpg-agent's socket path must fit in a Unix socket name.
  const home = await mkdtemp(join(tmpdir(), 'gpg-'));
  const env = { ...process.env, GNUPGHOME: home };
  const gpg = async (args: string[], input?: string) => {
    const child = execFile('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', ...args], {
      env,
      encoding: 'buffer',
      maxBuffer: 64 << 20,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    // gpg may stop reading and exit before it has taken all of the input (a failure it reports by its exit code,
    // below): the write's EPIPE would otherwise be an unhandled error that fails the whole test run.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(input ?? '');
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
    if (code !== 0) throw new Error(`gpg ${args[0]} failed (${code}): ${Buffer.concat(err).toString()}`);
    return { out: Buffer.concat(out), err: Buffer.concat(err).toString() };
  };
  return {
    home,
    async importKey(armored, passphrase) {
      const file = join(home, 'import.asc');
      await writeFile(file, armored);
      return (await gpg([...(passphrase ? ['--passphrase', passphrase] : []), '--import', file])).err;
    },
    async decrypt(armored, passphrase) {
      return (await gpg(['--passphrase', passphrase, '--decrypt'], armored)).out;
    },
    async listSecretKeys() {
      return (await gpg(['--with-colons', '--list-secret-keys'])).out.toString();
    },
    async generateKey(userId) {
      await gpg(['--passphrase', '', '--quick-gen-key', userId, 'ed25519', 'sign', 'never']);
      const listed = (await gpg(['--with-colons', '--list-keys', userId])).out.toString();
      const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(listed)![1]!;
      await gpg(['--passphrase', '', '--quick-add-key', fingerprint, 'cv25519', 'encr', 'never']);
      const publicKey = (await gpg(['--armor', '--export', fingerprint])).out.toString();
      const secretKey = (
        await gpg(['--passphrase', '', '--armor', '--export-secret-keys', fingerprint])
      ).out.toString();
      return { fingerprint, publicKey, secretKey };
    },
    async close() {
      await run('gpgconf', ['--kill', 'all'], { env }).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}
