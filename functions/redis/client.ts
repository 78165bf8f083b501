// One small command interface over Redis, with two transports:
// - TCP (ioredis) for a self-hosted Redis (`REDIS_URL`);
// - REST (@upstash/redis) for Upstash from serverless functions (`UPSTASH_REDIS_REST_URL` + `_TOKEN`), where a
//   function instance cannot keep a TCP connection between invocations.
// The queue, the rate limiter and the replay store speak only this interface, so both transports run the same code
// (and the same tests). Replies are passed through as Redis gives them: strings, integers, nulls, nested arrays.
import { createHash } from 'node:crypto';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis as IORedis } from 'ioredis';
import type { RedisSettings } from './settings.ts';

export type RedisArg = string | number;

export interface RedisClient {
  readonly transport: 'tcp' | 'rest';
  /** One command, e.g. call('SET', key, '1', 'NX', 'EX', 60). Rejects with the server's error. */
  call(command: string, ...args: RedisArg[]): Promise<unknown>;
  /** A Lua script by its SHA-1 (EVALSHA), sending the source once when the server does not know it (NOSCRIPT). */
  evalScript(script: string, keys: string[], args: RedisArg[]): Promise<unknown>;
  close(): Promise<void>;
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** True for the reply Redis gives to EVALSHA of a script it has not cached (a restart, SCRIPT FLUSH, a new host). */
function isNoScript(error: unknown): boolean {
  return error instanceof Error && /NOSCRIPT/.test(error.message);
}

async function evalWith(client: Pick<RedisClient, 'call'>, script: string, keys: string[], args: RedisArg[]) {
  const tail = [keys.length, ...keys, ...args];
  try {
    return await client.call('EVALSHA', sha1(script), ...tail);
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return client.call('EVAL', script, ...tail);
  }
}

export interface TcpOptions {
  /** Milliseconds a single command may take before it is failed (the caller then answers 5xx, fails closed). */
  commandTimeoutMs?: number;
}

/** ioredis over TCP. Commands fail fast while Redis is unreachable instead of queueing without end. */
export function createTcpRedis(url: string, options: TcpOptions = {}): RedisClient {
  const io = new IORedis(url, {
    // A command issued while disconnected waits for one reconnection attempt, then fails: the intake must answer
    // (fail closed) rather than hang while Redis is down.
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 10_000,
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    // No client name: CLIENT LIST on the server shows nothing about this process.
    enableAutoPipelining: false,
  });
  // Connection errors surface through the failing commands; without a listener ioredis would print them all.
  io.on('error', () => {});
  const client: RedisClient = {
    transport: 'tcp',
    call: (command, ...args) => io.call(command, ...args.map(String)),
    evalScript: (script, keys, args) => evalWith(client, script, keys, args),
    async close() {
      try {
        await io.quit();
      } catch {
        io.disconnect();
      }
    },
  };
  return client;
}

export interface RestOptions {
  /** Milliseconds one HTTP request may take (then it fails; nothing fails open). */
  requestTimeoutMs?: number;
}

/** @upstash/redis over HTTPS (Upstash's REST API). */
export function createRestRedis(url: string, token: string, options: RestOptions = {}): RedisClient {
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const upstash = new UpstashRedis({
    url,
    token,
    // No SDK, runtime or platform headers to Upstash.
    enableTelemetry: false,
    // Replies exactly as Redis gives them: no JSON.parse of stored strings (a ciphertext is never a JSON value).
    automaticDeserialization: false,
    // Plain JSON replies. Everything stored here is ASCII (armored text, hex, ids), so base64 transfer encoding
    // buys nothing, and plain replies are what the local REST bridge in the tests speaks too.
    responseEncoding: false,
    // A network failure is retried twice, quickly; after that the call fails and the caller fails closed.
    retry: { retries: 2, backoff: (n) => 100 * 2 ** n },
    // A signal *function* makes a timeout reject. (A plain signal would make the SDK resolve with "Aborted".)
    signal: () => AbortSignal.timeout(timeoutMs),
  });
  const client: RedisClient = {
    transport: 'rest',
    call: (command, ...args) => upstash.exec([command, ...args.map(String)]),
    evalScript: (script, keys, args) => evalWith(client, script, keys, args),
    async close() {
      // Stateless HTTP: nothing to close.
    },
  };
  return client;
}

/** A client for the configured Redis. */
export function connectRedis(settings: RedisSettings): RedisClient {
  if (settings.kind === 'tcp') return createTcpRedis(settings.url);
  return createRestRedis(settings.url, settings.token);
}
