// Starts a real redis-server (the Debian package) for one test file: a free port, a fresh temporary directory,
// the append-only file on and fsync'd on every write, as the deployment guide asks of a self-hosted Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** A plain ioredis connection for assertions (SCAN, XINFO, ...). */
  admin: Redis;
  /** Stops the server with SIGKILL (simulates an outage) and starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Stops the server; the port then refuses connections. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPing(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited early:\n${log()}`);
    const probe = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      probe.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer PING within 10 s:\n${log()}`);
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'tipline-redis-'));
  let child: ChildProcess | undefined;
  let output = '';

  async function start(): Promise<void> {
    output = '';
    child = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--protected-mode',
        'yes',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitForPing(port, child, () => output);
  }

  async function kill(): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGKILL');
    await exited;
  }

  await start();
  const admin = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
  admin.on('error', () => {});

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    admin,
    start,
    kill,
    async restart() {
      await kill();
      await start();
    },
    async stop() {
      admin.disconnect();
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every key under the prefix with its full value, as one string. */
export async function dumpAll(r: TestRedis, match = '*'): Promise<string> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await r.admin.scan(cursor, 'MATCH', match.endsWith('*') ? match : `${match}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const parts: string[] = [];
  for (const key of keys) {
    const type = await r.admin.type(key);
    let value: unknown;
    if (type === 'string') value = await r.admin.get(key);
    else if (type === 'hash') value = await r.admin.hgetall(key);
    else if (type === 'zset') value = await r.admin.zrange(key, 0, -1, 'WITHSCORES');
    else if (type === 'stream') value = await r.admin.xrange(key, '-', '+');
    else if (type === 'set') value = await r.admin.smembers(key);
    else if (type === 'list') value = await r.admin.lrange(key, 0, -1);
    parts.push(`${key} ${JSON.stringify(value)}`);
  }
  return parts.join('\n');
}
