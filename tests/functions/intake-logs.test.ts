// Error logs never contain request bodies or client addresses, even when something fails inside.
import { connect, type AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import type { TipQueue } from '../../functions/ports.ts';
import { openSqliteQueue } from '../../functions/queue/sqlite.ts';
import { makeIntake, postJson, type TestIntake } from './helpers/intake.ts';

const marker = 'MARKER-LOG-7f3a';
const address = '198.51.100.77';
const code = () => newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));

describe('logs', () => {
  const lines: string[] = [];
  let failing = false;
  let intake: TestIntake;

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack}` : String(a))).join(' '));
      });
    }
    // A queue whose disk "fails" with an error that quotes what it was given, the worst case for a logger.
    const wrap = (dataDir: string): TipQueue => {
      const real = openSqliteQueue({ dataDir });
      return {
        ...real,
        enqueue: async (tip, now) => {
          if (failing) throw new Error(`SQLITE_FULL while writing ${tip.armored} ${marker}`);
          return real.enqueue(tip, now);
        },
      };
    };
    intake = await makeIntake({
      queue: wrap,
      afterEnqueue: () => {
        throw new Error(`smtp exploded near ${marker}`);
      },
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await intake.close();
  });

  it('stay free of bodies, error messages that quote them, and addresses', async () => {
    // Junk JSON whose parse error would quote the body.
    expect((await postJson(intake, `{"ciphertext": "${marker}`, address)).status).toBe(400);
    // A form post with plaintext answers.
    const data = new FormData();
    data.append('happened', `${marker} plaintext answer`);
    const formResponse = await intake.app.request('/api/tips', { method: 'POST', body: data }, intake.env(address));
    expect(formResponse.status).toBe(303); // stored; the failing afterEnqueue is logged, not fatal
    // A JSON tip whose delivery attempt fails after it was stored: still 202.
    const ciphertext = await intake.encrypt(`${marker} encrypted`);
    const accepted = await postJson(intake, { ciphertext, receipt: code(), altcha: await intake.solvePow() }, address);
    expect(accepted.status).toBe(202);
    // The queue fails: a 500 with a generic body, and a log line without the error's message.
    failing = true;
    const broken = await postJson(intake, { ciphertext, receipt: code(), altcha: await intake.solvePow() }, address);
    failing = false;
    expect(broken.status).toBe(500);
    const body = await broken.text();
    expect(body).toBe(
      '{"error":{"code":"server","message":"The tip line could not take the request right now; try again later."}}',
    );

    const log = lines.join('\n');
    // Something was logged, so the checks below are about real lines.
    expect(log).toContain('[tipline] POST /api/tips failed: Error');
    expect(log).toContain('immediate delivery attempt failed, the tip stays queued');
    expect(log).not.toContain(marker);
    expect(log).not.toContain('SQLITE_FULL');
    expect(log).not.toContain('BEGIN PGP');
    expect(log).not.toContain(address);
    expect(log).not.toContain('198.51.100');
  });

  it('a body the client breaks off is a 400 for it and nothing in the log (it is not a server failure)', async () => {
    lines.length = 0;
    const breaking = () => {
      let sent = false;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
          sent = true;
          controller.enqueue(new TextEncoder().encode('{"ciphertext": "'));
        },
      });
    };
    const paths: Array<[string, string, string]> = [
      ['POST', '/api/tips', 'application/json'],
      ['POST', '/api/tips', 'multipart/form-data; boundary=xyz'],
      ['POST', '/api/status', 'application/json'],
      ['POST', '/api/tips/uploads', 'application/json'],
      ['PUT', '/api/tips/uploads/AAAAAAAAAAAAAAAAAAAAAA/parts/0', 'application/json'],
    ];
    for (const [method, path, type] of paths) {
      const response = await intake.app.request(
        path,
        { method, headers: { 'content-type': type }, body: breaking(), duplex: 'half' } as RequestInit,
        intake.env(address),
      );
      expect([path, type, response.status]).toEqual([path, type, path.includes('/parts/') ? 404 : 400]);
    }
    expect(lines.filter((l) => l.includes('failed'))).toEqual([]);
  });

  it('a client that hangs up mid-body on the real Node server leaves no failure in the log', async () => {
    lines.length = 0;
    const server = serve({ fetch: intake.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    for (const path of ['/api/tips', '/api/status']) {
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{"ciphertext": "\r\n`,
      );
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
    }
    await new Promise((r) => setTimeout(r, 300));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(lines.filter((l) => l.includes('failed'))).toEqual([]);
  });
});
