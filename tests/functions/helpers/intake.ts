// Builds the real intake for tests through the one composition root (functions/runtime/parts.ts): SQLite queue in
// a temp dir, demo keys, in-process limiter and replay store, unless a test brings its own queue or staging.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Hono } from 'hono';
import * as openpgp from 'openpgp';
import { createApp } from '../../../functions/app.ts';
import { loadConfig, type Config } from '../../../functions/config.ts';
import { loadTaskForceKeys, type TaskForceKeys } from '../../../functions/keys.ts';
import type { Clock, TipQueue, UploadStaging } from '../../../functions/ports.ts';
import { openParts } from '../../../functions/runtime/parts.ts';
import type { DeskStore } from '../../../functions/desk-ports.ts';
import { createMemoryRateLimiter } from '../../../functions/limiter/memory.ts';

export interface TestIntake {
  app: Hono;
  desk: DeskStore | null;
  queue: TipQueue;
  staging: UploadStaging;
  keys: TaskForceKeys;
  config: Config;
  dataDir: string;
  clock: Clock & { advance(ms: number): void };
  afterEnqueue: string[];
  /** A fresh solved proof of work, as the widget would put in the `altcha` field. */
  solvePow(): Promise<string>;
  /** Encrypts like the browser: to every task force key. */
  encrypt(text: string, keys?: openpgp.PublicKey[]): Promise<string>;
  decrypt(armored: string): Promise<string>;
  /** The request's TCP peer, as @hono/node-server passes it to the app. */
  env(address?: string): { incoming: { socket: { remoteAddress: string } } };
  close(): Promise<void>;
}

export interface IntakeOptions {
  env?: Record<string, string>;
  rateLimitMax?: number;
  /** Armored public keys to configure instead of the demo key (then decrypt() is not available). */
  publicKeys?: string;
  afterEnqueue?: (id: string) => Promise<void> | void;
  queue?: (dataDir: string) => TipQueue;
  /** The desk's store (tips then become cases, and threads have replies); absent: the desk is off. */
  desk?: (dataDir: string) => DeskStore;
  /** The thread-read limit's allowance per window (default: the real one). */
  threadReadMax?: number;
  staging?: (dataDir: string) => UploadStaging;
}

export async function makeIntake(options: IntakeOptions = {}): Promise<TestIntake> {
  const dataDir = await mkdtemp(join(tmpdir(), 'intake-'));
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    ALTCHA_COST: '1',
    NODE_ENV: 'test',
    ...options.env,
    RATE_LIMIT_MAX: String(options.rateLimitMax ?? 100),
  };
  if (options.publicKeys) {
    env.TASKFORCE_PUBLIC_KEYS = join(dataDir, 'taskforce-keys.asc');
    await writeFile(env.TASKFORCE_PUBLIC_KEYS, options.publicKeys);
  }
  const config = loadConfig(env);
  // Real time, movable forward: altcha-lib checks challenge expiry against Date.now().
  let offset = 0;
  const clock = { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
  const parts = await openParts(config, clock, {
    ...(options.queue && { queue: options.queue(dataDir) }),
    ...(options.staging && { staging: options.staging(dataDir) }),
  });
  const { queue, staging } = parts;
  const desk = options.desk ? options.desk(dataDir) : null;
  if (options.threadReadMax !== undefined)
    parts.threadLimiter = createMemoryRateLimiter({ max: options.threadReadMax, windowMs: 600_000, clock });
  const keys = await loadTaskForceKeys({ publicKeysFile: config.taskforcePublicKeys, dataDir, production: false });
  const afterEnqueue: string[] = [];
  const app = createApp({
    ...parts,
    config,
    keys,
    clock,
    ...(desk && { deskStore: desk }),
    afterEnqueue: async (id) => {
      afterEnqueue.push(id);
      await options.afterEnqueue?.(id);
    },
  });
  const privateKey = keys.demoPrivateKeyPath
    ? await openpgp.readPrivateKey({ armoredKey: await readFile(keys.demoPrivateKeyPath, 'utf8') })
    : null;

  return {
    app,
    desk,
    queue,
    staging,
    keys,
    config,
    dataDir,
    clock,
    afterEnqueue,
    async solvePow() {
      const challenge = await (await app.request('/api/altcha')).json();
      const solution = await solveChallenge({ challenge, deriveKey });
      return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
    },
    async encrypt(text, encryptionKeys = keys.keys) {
      return openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys });
    },
    async decrypt(armored) {
      const message = await openpgp.readMessage({ armoredMessage: armored });
      if (!privateKey) throw new Error('no demo private key in this intake');
      const { data } = await openpgp.decrypt({ message, decryptionKeys: privateKey, format: 'binary' });
      return new TextDecoder().decode(data as Uint8Array);
    },
    env: (address = '203.0.113.7') => ({ incoming: { socket: { remoteAddress: address } } }),
    async close() {
      await parts.close();
      await desk?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function postJson(intake: TestIntake, body: unknown, address?: string, path = '/api/tips') {
  return intake.app.request(
    path,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
    intake.env(address),
  );
}
