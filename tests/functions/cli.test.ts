// The operator commands, run as the operator runs them (a child Node process with environment variables):
// `npm run keys -- generate`, `npm run queue -- list|retry|purge`, `npm run forward`.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteQueue } from '../../functions/queue/sqlite.ts';
import { createGpg } from './helpers/gpg.ts';
import { startTestSmtp } from './helpers/smtp-server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function cli(script: string, args: string[], env: Record<string, string>, input?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [join(root, 'functions/cli', script), ...args],
      // A clean environment: nothing from the developer's shell (SMTP_URL...) leaks into the test.
      { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.on('error', () => undefined); // a command that refuses early may exit before reading its input (EPIPE)
    child.stdin!.end(input ?? '');
  });
}

let dir: string;
let armored: string;
/** The task force's public key file, as TASKFORCE_PUBLIC_KEYS names it. */
let keysFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-'));
  const { publicKey } = await openpgp.generateKey({ userIDs: [{ email: 'tf@taskforce.example' }], format: 'object' });
  armored = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: 'cli tip' }),
    encryptionKeys: publicKey,
  });
  keysFile = join(dir, 'taskforce.asc');
  await writeFile(keysFile, publicKey.armor());
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run keys -- generate', () => {
  const passphrase = 'officer passphrase for tests';

  it('writes a passphrase-protected key pair that GnuPG imports and decrypts with; the private key is 0600', async () => {
    const out = join(dir, 'keys');
    const run = await cli(
      'keys.ts',
      ['generate', '--name', 'Officer Test', '--email', 'officer@taskforce.example', '--out', out],
      {
        TASKFORCE_KEY_PASSPHRASE: passphrase,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const secretPath = join(out, 'officer@taskforce.example.secret.asc');
    const publicPath = join(out, 'officer@taskforce.example.public.asc');
    expect((await stat(secretPath)).mode & 0o777).toBe(0o600);
    expect((await stat(publicPath)).mode & 0o777).toBe(0o644);
    expect(run.stdout).not.toContain(passphrase);

    const secret = await readFile(secretPath, 'utf8');
    const privateKey = await openpgp.readPrivateKey({ armoredKey: secret });
    expect(privateKey.isDecrypted()).toBe(false); // protected by the passphrase, and by that one only
    await expect(openpgp.decryptKey({ privateKey, passphrase: 'wrong passphrase' })).rejects.toThrow();
    await expect(openpgp.decryptKey({ privateKey, passphrase })).resolves.toBeTruthy();
    expect(privateKey.keyPacket.version).toBe(4);
    const publicKey = await openpgp.readKey({ armoredKey: await readFile(publicPath, 'utf8') });
    expect(publicKey.isPrivate()).toBe(false);
    const fingerprint = publicKey.getFingerprint().toUpperCase();
    expect(run.stdout.replace(/ /g, '')).toContain(`Fingerprint:${fingerprint}`);

    const gpg = await createGpg();
    try {
      const said = await gpg.importKey(secret, passphrase);
      expect(said).toContain('secret key imported');
      // GnuPG 2.2 knows no SHA3: the key must not prefer it (it used to warn on every import).
      expect(said).not.toMatch(/unavailable|preference for digest/);
      const listed = await gpg.listSecretKeys();
      expect(listed).toMatch(/^sec:.*:ed25519:/m);
      expect(listed).toMatch(/^ssb:.*:cv25519:/m);
      expect(listed).toContain(fingerprint);
      const message = await openpgp.encrypt({
        message: await openpgp.createMessage({ text: 'for the officer' }),
        encryptionKeys: publicKey,
      });
      expect((await gpg.decrypt(message, passphrase)).toString()).toBe('for the officer');
    } finally {
      await gpg.close();
    }
  });

  it('writes outside any checkout by default, warns when told to write into one, and names one public key file', async () => {
    const home = join(dir, 'home');
    const byDefault = await cli(
      'keys.ts',
      ['generate', '--name', 'Default', '--email', 'default@taskforce.example'],
      { HOME: home },
      `${passphrase}\n`,
    );
    expect(byDefault.code).toBe(0);
    expect(byDefault.stderr).toBe('');
    expect((await stat(join(home, 'taskforce-keys', 'default@taskforce.example.secret.asc'))).mode & 0o777).toBe(0o600);
    expect(byDefault.stdout).toContain(`>> keys/taskforce.asc`);

    const checkout = join(dir, 'a-checkout');
    await mkdir(join(checkout, '.git'), { recursive: true });
    const inside = await cli(
      'keys.ts',
      ['generate', '--name', 'Inside', '--email', 'inside@taskforce.example', '--out', join(checkout, 'keys')],
      {},
      `${passphrase}\n`,
    );
    expect(inside.code).toBe(0);
    expect(inside.stderr).toContain(`WARNING: the PRIVATE key was written inside the git checkout ${checkout}`);
  });

  it('.gitignore keeps private keys and key folders out of git, but not the public key file TASKFORCE_PUBLIC_KEYS names', async () => {
    const ignored = async (path: string) =>
      new Promise<boolean>((resolve) =>
        execFile('git', ['check-ignore', '--no-index', '-q', path], { cwd: root }, (error) => resolve(!error)),
      );
    expect(await ignored('keys/officer@example.org.secret.asc')).toBe(true);
    expect(await ignored('keys/officer@example.org.public.asc')).toBe(true);
    expect(await ignored('somewhere/else/officer.secret.asc')).toBe(true);
    expect(await ignored('keys/taskforce.asc')).toBe(false);
  });

  it('reads the passphrase from stdin, refuses short ones and never overwrites a key', async () => {
    const out = join(dir, 'keys2');
    const args = ['generate', '--name', 'Second', '--email', 'second@taskforce.example', '--out', out];
    const short = await cli('keys.ts', args, {}, 'too short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const ok = await cli('keys.ts', args, {}, `${passphrase}\n`);
    expect(ok.code).toBe(0);
    const before = await readFile(join(out, 'second@taskforce.example.secret.asc'), 'utf8');
    const again = await cli('keys.ts', args, {}, `${passphrase}\n`);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect(await readFile(join(out, 'second@taskforce.example.secret.asc'), 'utf8')).toBe(before);
    const missing = await cli('keys.ts', ['generate', '--name', 'x'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/usage/);
  });
});

describe('npm run queue', () => {
  it('lists counts and why the dead letters are dead (never content), retries and (with --yes) purges them', async () => {
    const dataDir = join(dir, 'queue-data');
    const queue = openSqliteQueue({ dataDir });
    const dead = randomUUID();
    const undeliverable = [randomUUID(), randomUUID()];
    await queue.enqueue({ id: randomUUID(), armored, receiptHash: 'a'.repeat(64) }, Date.now());
    await queue.enqueue({ id: dead, armored, receiptHash: 'b'.repeat(64) }, Date.now());
    for (const [i, id] of undeliverable.entries())
      await queue.enqueue({ id, armored, receiptHash: `${i}`.repeat(64) }, Date.now());
    await queue.claim(Date.now(), 1, 10);
    await queue.markDead(dead, 'permanent: 550');
    for (const id of undeliverable)
      await queue.markUndeliverable(id, 'undeliverable: not sealed to the configured task force keys', Date.now());
    await queue.close();
    const env = { DATA_DIR: dataDir };

    const list = await cli('queue.ts', ['list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(
      'pending: 1\ndead: 3\n  2 × undeliverable: not sealed to the configured task force keys\n  1 × permanent: 550\n',
    );
    await cli('queue.ts', ['purge', '--yes'], env);
    const refill = openSqliteQueue({ dataDir });
    await refill.enqueue({ id: dead, armored, receiptHash: 'b'.repeat(64) }, Date.now());
    await refill.claim(Date.now() + 1000, 1, 10);
    await refill.markDead(dead, 'permanent: 550');
    await refill.close();

    const refused = await cli('queue.ts', ['purge'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);

    const retry = await cli('queue.ts', ['retry'], env);
    expect(retry.stdout).toContain('1 dead letter moved back');
    expect(retry.stdout).toContain('pending: 2\ndead: 0');

    const again = openSqliteQueue({ dataDir });
    const [claimed] = await again.claim(Date.now() + 1000, 1, 1);
    await again.markDead(claimed!.id, 'permanent: 550');
    await again.close();
    const purge = await cli('queue.ts', ['purge', '--yes'], env);
    expect(purge.code).toBe(0);
    expect(purge.stdout).toContain('pending: 1\ndead: 0');

    for (const run of [list, refused, retry, purge]) {
      expect(run.stdout + run.stderr).not.toContain('PGP');
      expect(run.stdout + run.stderr).not.toContain('cli tip');
    }
    const bad = await cli('queue.ts', ['show'], env);
    expect(bad.code).toBe(2);
  });
});

describe('npm run forward', () => {
  it('sends the due tips once (exit 0), reports failures (exit 1) and refuses without SMTP (exit 2)', async () => {
    const dataDir = join(dir, 'forward-data');
    const queue = openSqliteQueue({ dataDir });
    await queue.enqueue({ id: randomUUID(), armored, receiptHash: 'c'.repeat(64) }, Date.now());
    // A tip from a first run on the demo key: it must never be mailed to the real task force.
    const demoKey = (await openpgp.generateKey({ userIDs: [{ email: 'demo-key@tipline.invalid' }], format: 'object' }))
      .publicKey;
    const demoTip = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'demo tip' }),
      encryptionKeys: demoKey,
    });
    await queue.enqueue({ id: randomUUID(), armored: demoTip, receiptHash: 'd'.repeat(64) }, Date.now());
    await queue.close();

    const noSmtp = await cli('forward.ts', [], { DATA_DIR: dataDir });
    expect(noSmtp.code).toBe(2);
    expect(noSmtp.stderr).toMatch(/SMTP_URL/);

    let refuse = true;
    const smtp = await startTestSmtp({ respond: () => (refuse ? { code: 451, message: 'Try later' } : null) });
    try {
      const env = {
        DATA_DIR: dataDir,
        TASKFORCE_PUBLIC_KEYS: keysFile,
        SMTP_URL: smtp.url,
        TIP_MAIL_FROM: 'tipline@tipline.example',
        TIP_MAIL_TO: 'a@taskforce.example,b@taskforce.example',
      };
      const failed = await cli('forward.ts', [], env);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain('1 to retry later');
      expect(failed.stdout).toContain('1 undeliverable (not sealed to the configured keys)');
      expect(failed.stdout + failed.stderr).not.toContain('PGP MESSAGE');

      // The retry is not due yet: move it forward as the clock would.
      refuse = false;
      const q = openSqliteQueue({ dataDir });
      const due = await q.claim(Date.now() + 3_600_000, 1, 10);
      expect(due).toHaveLength(1);
      await q.markRetry(due[0]!.id, Date.now() - 1, 'test: due now');
      await q.close();

      const ok = await cli('forward.ts', [], env);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('1 delivered');
      expect(ok.stdout).toContain('queue now: 0 pending, 1 dead');
      expect(smtp.accepted).toHaveLength(1);
      expect(smtp.accepted[0]!.to).toEqual(['a@taskforce.example', 'b@taskforce.example']);
    } finally {
      await smtp.close();
    }
  });
});
