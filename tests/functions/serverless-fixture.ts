// What the serverless and scale-out tests share: a task force key pair in a temp dir, the environment a deployment
// would have (Redis, SMTP, secrets, keys), and a client that builds real tips (browser-style encryption, a solved
// ALTCHA challenge, a reference code) against any fetch-like handler.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import * as openpgp from 'openpgp';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import type { TestRedis } from './redis-server.ts';

export interface TaskForceFixture {
  dir: string;
  keysFile: string;
  publicKey: openpgp.PublicKey;
  privateKey: openpgp.PrivateKey;
  decrypt(armored: string): Promise<string>;
  close(): Promise<void>;
}

export async function makeTaskForce(): Promise<TaskForceFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'taskforce-'));
  const pair = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Test task force', email: 'officer@taskforce.example' }],
    format: 'armored',
  });
  const keysFile = join(dir, 'taskforce.asc');
  await writeFile(keysFile, pair.publicKey);
  const publicKey = await openpgp.readKey({ armoredKey: pair.publicKey });
  const privateKey = await openpgp.readPrivateKey({ armoredKey: pair.privateKey });
  return {
    dir,
    keysFile,
    publicKey,
    privateKey,
    async decrypt(armored) {
      const message = await openpgp.readMessage({ armoredMessage: armored });
      const { data } = await openpgp.decrypt({ message, decryptionKeys: privateKey, format: 'binary' });
      return new TextDecoder().decode(data as Uint8Array);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

const secret = () => randomBytes(36).toString('base64');

/** The environment of a deployment on one Redis: every instance gets the same secrets. */
export function deploymentEnv(options: {
  taskForce: TaskForceFixture;
  smtpUrl: string;
  redis?: TestRedis;
  rest?: { url: string; token: string };
  prefix: string;
  trustedClientIp: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    TASKFORCE_PUBLIC_KEYS: options.taskForce.keysFile,
    SMTP_URL: options.smtpUrl,
    TIP_MAIL_FROM: 'tipline@tipline.example',
    TIP_MAIL_TO: 'officer@taskforce.example',
    RATE_LIMIT_SECRET: secret(),
    ALTCHA_HMAC_SECRET: secret(),
    ALTCHA_COST: '1',
    TRUSTED_CLIENT_IP: options.trustedClientIp,
    TIP_SEND_DELAY_MAX: '0', // production's default is 300; these tests follow a tip from the request to the mail
    REDIS_KEY_PREFIX: options.prefix,
    ...options.extra,
  };
  if (options.redis) env.REDIS_URL = options.redis.url;
  if (options.rest) {
    env.UPSTASH_REDIS_REST_URL = options.rest.url;
    env.UPSTASH_REDIS_REST_TOKEN = options.rest.token;
  }
  return env;
}

export type Fetcher = (request: Request) => Promise<Response>;

/** Builds tips the way the browser does and sends them through `fetcher`. */
export function tipClient(fetcher: Fetcher, taskForce: TaskForceFixture, origin = 'https://tipline.example') {
  const solvePow = async (): Promise<string> => {
    const response = await fetcher(new Request(`${origin}/api/altcha`));
    if (response.status !== 200) throw new Error(`GET /api/altcha answered ${response.status}`);
    const challenge = await response.json();
    const solution = await solveChallenge({ challenge, deriveKey });
    return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  };
  const encrypt = async (text: string) =>
    openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: [taskForce.publicKey] });
  const code = () => newReceiptCode((n) => new Uint8Array(randomBytes(n)));

  return {
    solvePow,
    encrypt,
    code,
    /** A complete JSON tip body. */
    async body(text: string, overrides: Record<string, string> = {}) {
      return { ciphertext: await encrypt(text), receipt: code(), altcha: await solvePow(), ...overrides };
    },
    post(body: unknown, headers: Record<string, string> = {}) {
      return fetcher(
        new Request(`${origin}/api/tips`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
          body: JSON.stringify(body),
        }),
      );
    },
    /** `headers`: the client address header the deployment trusts (a status check is rate-limited like a thread read). */
    async status(receipt: string, headers: Record<string, string>) {
      const response = await fetcher(
        new Request(`${origin}/api/status`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ receipt }),
        }),
      );
      return ((await response.json()) as { status: string }).status;
    },
  };
}

/** Every key in Redis (SCAN), for checks that no key holds an address. */
export async function allKeys(redis: TestRedis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.admin.scan(cursor, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}
