// The Node server's connection limits (functions/node/listen.ts), with short limits so the test need not wait
// minutes: a client that trickles its headers or its body is cut off, and sockets beyond the cap are closed.
import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { serverLimits } from '../../functions/http/limits.ts';
import { listen, type ListenOptions } from '../../functions/node/listen.ts';

const app = new Hono();
app.get('/', (c) => c.text('ok'));
app.post('/', async (c) => c.text(String((await c.req.arrayBuffer().catch(() => new ArrayBuffer(0))).byteLength)));

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(limits: Partial<NonNullable<ListenOptions['limits']>> = {}): Promise<number> {
  const server = listen(app, { port: 0, hostname: '127.0.0.1', limits: { ...serverLimits.node, ...limits } }) as Server;
  await new Promise<void>((resolve) => server.once('listening', resolve));
  close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return (server.address() as AddressInfo).port;
}

/** Opens a socket, writes `text`, and resolves with what came back once the server closed it (or after `ms`). */
function talk(port: number, text: string, ms: number): Promise<{ closed: boolean; reply: string; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString('latin1')));
    const timer = setTimeout(() => resolve({ closed: false, reply, socket }), ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, reply, socket });
    });
    socket.on('error', () => undefined);
  });
}

describe('Node server connection limits', () => {
  it('uses the documented limits by default', () => {
    expect(serverLimits.node).toEqual({
      maxConnections: 512,
      headersTimeoutMs: 30_000,
      requestTimeoutMs: 120_000,
      keepAliveTimeoutMs: 5_000,
    });
  });

  it('cuts off a client that trickles its headers past the headers timeout', async () => {
    const port = await start({ headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
    const slow = await talk(port, 'GET / HTTP/1.1\r\nHost: x\r\n', 5_000);
    expect(slow.closed).toBe(true);
    expect(slow.reply).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off a body that does not arrive within the request timeout', async () => {
    const port = await start({ headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
    const slow = await talk(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc', 5_000);
    expect(slow.closed).toBe(true);
    // A complete request on time is answered as usual.
    const fine = await talk(
      port,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc',
      5_000,
    );
    expect(fine.reply).toMatch(/^HTTP\/1\.1 200[\s\S]*\r\n\r\n3$/);
  });

  it('closes sockets beyond the connection cap at once', async () => {
    const port = await start({ maxConnections: 3 });
    const held = await Promise.all([1, 2, 3].map(() => talk(port, '', 200)));
    expect(held.every((h) => !h.closed)).toBe(true);
    const extra = await talk(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 2_000);
    expect(extra.closed).toBe(true);
    expect(extra.reply).toBe('');
    for (const h of held) h.socket.destroy();
  });
});
