// `npm run keys -- generate --name "Officer name" --email officer@example.org [--out DIR]`
// Makes a task force key pair that GnuPG 2.2+ and Thunderbird read (v4, Ed25519 primary + Curve25519 ECDH
// subkey: see functions/keys.ts) and writes, by default into ~/taskforce-keys (outside any checkout of this
// repository, so a `git add -A` cannot pick up a private key):
//   DIR/<email>.public.asc   the public key: appended to keys/taskforce.asc, the file TASKFORCE_PUBLIC_KEYS names
//   DIR/<email>.secret.asc   the private key, protected by a passphrase, mode 0600: goes to the officer only
// It warns when DIR is inside a git checkout.
// The passphrase comes from TASKFORCE_KEY_PASSPHRASE, or is asked twice on the terminal without echo, or is the
// first line of stdin when stdin is not a terminal. It is never written, printed or passed on a command line.
// Run this on the officer's machine (or an offline one), not on the web server: the server needs only public keys.
import { existsSync } from 'node:fs';
import { chmod, mkdir, open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateTaskForceKeyPair, parsePublicKeys } from '../keys.ts';

const minPassphraseLength = 12;
/** The one name of the file of the task force's public keys, in README, docs/deploy.md and here. */
const keysFile = 'keys/taskforce.asc';
const defaultOut = () => join(homedir(), 'taskforce-keys');
const usage =
  'usage: npm run keys -- generate --name "Officer name" --email officer@example.org [--out DIR]\n' +
  `  DIR: where to write the key pair (default ${defaultOut()}; keep it out of any git checkout)\n` +
  `  passphrase: TASKFORCE_KEY_PASSPHRASE, or typed at the prompt (at least ${minPassphraseLength} characters)`;

/** The git checkout (work tree root) that contains `dir`, or null. */
function gitCheckoutOf(dir: string): string | null {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return at;
    if (dirname(at) === at) return null;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'generate') {
    console.error(usage);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { name: { type: 'string' }, email: { type: 'string' }, out: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const name = values.name?.trim();
  const email = values.email?.trim();
  if (!name || !email) {
    console.error(usage);
    return 2;
  }
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email)) {
    console.error(`--email must be one e-mail address (it is "${email}").`);
    return 2;
  }
  const dir = resolve(values.out ?? defaultOut());
  const base = email.toLowerCase().replace(/[^a-z0-9@._-]/g, '_');
  const publicPath = join(dir, `${base}.public.asc`);
  const secretPath = join(dir, `${base}.secret.asc`);
  for (const path of [secretPath, publicPath]) {
    if (existsSync(path)) {
      console.error(
        `${path} already exists. An existing key is never overwritten (it may be the only way to read ` +
          'past tips); choose another --out directory.',
      );
      return 2;
    }
  }
  const passphrase = await readPassphrase();
  if (passphrase.length < minPassphraseLength) {
    console.error(`The passphrase must have at least ${minPassphraseLength} characters.`);
    return 2;
  }

  const pair = await generateTaskForceKeyPair({ name, email, passphrase });
  // Same checks the server applies to TASKFORCE_PUBLIC_KEYS: fail here, not at the server's next start.
  await parsePublicKeys(pair.publicKey, 'generated key');

  await mkdir(dir, { recursive: true, mode: 0o700 });
  // 'wx': never overwrite an existing key (an officer's only way to read past tips).
  await writeNew(secretPath, pair.privateKey, 0o600);
  await writeNew(publicPath, pair.publicKey, 0o644);

  const checkout = gitCheckoutOf(dir);
  if (checkout) {
    console.error(`WARNING: the PRIVATE key was written inside the git checkout ${checkout}:
  ${secretPath}
A private key must never be committed or deployed. .gitignore covers keys/ and *.secret.asc, but move it out of
the checkout now (for example to ${defaultOut()}), and give it only to the officer.`);
  }

  const grouped = pair.fingerprint.match(/.{4}/g)!.join(' ');
  console.log(`Key pair for ${name} <${email}>
Fingerprint: ${grouped}

  ${secretPath}  (private key, passphrase-protected, mode 0600: give it to the officer only)
  ${publicPath}  (public key)

In the tip line's repository: append the public key to ${keysFile}, the file TASKFORCE_PUBLIC_KEYS names
(public keys only; it may be committed), then rebuild the site and restart (npm start does both; the Report
page embeds the keys' fingerprints):
  cat '${publicPath}' >> ${keysFile}

The officer, with GnuPG:
  gpg --import '${secretPath}'
  gpg --edit-key ${pair.fingerprint} trust   (choose 5 = ultimate: it is their own key)
  gpg --output revoke-${pair.fingerprint.slice(-16)}.asc --gen-revoke ${pair.fingerprint}   (keep it offline)

The officer, with Thunderbird: Account Settings → End-To-End Encryption → Add Key… → Import an existing
OpenPGP Key → choose ${base}.secret.asc, enter the passphrase, and accept it as a personal key.

Compare the fingerprint above with the one on the Report page after the next deploy.`);
  return 0;
}

async function writeNew(path: string, text: string, mode: number): Promise<void> {
  const file = await open(path, 'wx', mode);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await chmod(path, mode); // the umask could only have narrowed it; make it exact
}

async function readPassphrase(): Promise<string> {
  const fromEnv = process.env.TASKFORCE_KEY_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const first = await promptHidden('Passphrase for the private key: ');
  const second = await promptHidden('Repeat the passphrase: ');
  if (first !== second) {
    console.error('The two passphrases differ.');
    process.exit(2);
  }
  return first;
}

/** Reads one line from the terminal in raw mode, echoing nothing. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolvePromise) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    let typed = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolvePromise(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          process.stderr.write('\n');
          process.exit(130);
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`keys: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
