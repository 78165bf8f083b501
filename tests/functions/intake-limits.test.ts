// The limits around the routes (docs/limits.md): large bodies a few at a time per network and in all, requests
// without a client address refused rather than pooled, and what each refusal says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInFlight } from '../../functions/http/in-flight.ts';
import { serverLimits } from '../../functions/http/limits.ts';
import { followupLimits } from '../../src/shared/followup/limits.ts';
import { makeIntake, postJson, type TestIntake } from './helpers/intake.ts';

/** A chunked JSON body that sends `bytes` and then waits until released before it ends. */
function heldBody(bytes: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(new Uint8Array(bytes).fill(0x20));
      await released;
      controller.close();
    },
  });
  return { body, release };
}

describe('large bodies in flight', () => {
  let intake: TestIntake;
  beforeAll(async () => {
    intake = await makeIntake();
  });
  afterAll(() => intake.close());

  const send = (body: BodyInit, address: string, headers: Record<string, string> = {}, path = '/api/tips') =>
    intake.app.request(
      path,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        duplex: 'half',
      } as RequestInit,
      intake.env(address),
    );

  it(`admits ${serverLimits.inFlight.maxPerClient} large bodies per network at once; the next waits its turn (503, Retry-After), unread`, async () => {
    const held = Array.from({ length: serverLimits.inFlight.maxPerClient }, () => heldBody(2 << 20));
    const running = held.map((h) => send(h.body, '203.0.113.5'));
    await new Promise((r) => setTimeout(r, 50)); // both are being read now
    const refused = await send(new ReadableStream({ pull: () => Promise.reject(new Error('read')) }), '203.0.113.6');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe(String(serverLimits.busyRetryAfterSeconds));
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('server.busy');
    // A small report (its length declared) from the same network is not held up, nor is another network.
    expect((await send('{}', '203.0.113.7', { 'content-length': '2' })).status).toBe(400);
    const other = heldBody(2 << 20);
    const fromElsewhere = send(other.body, '198.51.100.5');
    other.release();
    expect((await fromElsewhere).status).toBe(400); // read whole: not JSON (spaces), so 400, not 503
    for (const h of held) h.release();
    for (const response of await Promise.all(running)) expect(response.status).toBe(400);
    // Their turns are over: the network may send a large body again.
    const next = heldBody(2 << 20);
    const again = send(next.body, '203.0.113.8');
    next.release();
    expect((await again).status).toBe(400);
  });

  it('a follow-up (up to 4 MiB of JSON, read before its proof of work) waits its turn like a report', async () => {
    const followups = '/api/thread/followups';
    const held = Array.from({ length: serverLimits.inFlight.maxPerClient }, () => heldBody(2 << 20));
    const running = held.map((h) => send(h.body, '203.0.113.9', {}, followups));
    await new Promise((r) => setTimeout(r, 50)); // both are being read now
    const unread = new ReadableStream({ pull: () => Promise.reject(new Error('read')) });
    const refused = await send(unread, '203.0.113.10', {}, followups);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('server.busy');
    for (const h of held) h.release();
    for (const response of await Promise.all(running)) expect(response.status).toBe(400);
    // Without a declared length, a follow-up over its 4 MiB is cut off as it arrives.
    const huge = heldBody(followupLimits.maxRequestBytes + 1);
    huge.release();
    const cut = await send(huge.body, '203.0.113.11', {}, followups);
    expect(cut.status).toBe(413);
    expect(((await cut.json()) as { error: { code: string } }).error.code).toBe('body.too-large');
  });

  it('caps large bodies in the whole process too, and frees a slot exactly once', () => {
    const inFlight = createInFlight({ maxTotal: 3, maxPerClient: 2 });
    const a1 = inFlight.acquire('a')!;
    inFlight.acquire('a');
    expect(inFlight.acquire('a')).toBeNull(); // per network
    const b1 = inFlight.acquire('b')!;
    expect(inFlight.acquire('c')).toBeNull(); // in all
    a1();
    a1(); // a second release changes nothing
    expect(inFlight.acquire('c')).not.toBeNull();
    expect(inFlight.acquire('d')).toBeNull();
    b1();
    expect(inFlight.acquire(null)).not.toBeNull();
  });
});

describe('requests without a client address', () => {
  let intake: TestIntake;
  beforeAll(async () => {
    intake = await makeIntake({ env: { TRUSTED_CLIENT_IP: 'x-real-ip' } });
  });
  afterAll(() => intake.close());

  it('are refused (503 server.unavailable), each of them, rather than sharing one bucket of 5 that anyone can empty', async () => {
    for (let i = 0; i < 8; i++) {
      const response = await postJson(intake, {
        ciphertext: await intake.encrypt('x'),
        receipt: '0000-0000-0000-0000-0000',
        altcha: await intake.solvePow(),
      });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('server.unavailable');
    }
    // With the header the platform sets, the same request is accepted.
    const ok = await intake.app.request('/api/tips', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-real-ip': '192.0.2.44' },
      body: JSON.stringify({
        ciphertext: await intake.encrypt('x'),
        receipt: '0000-0000-0000-0000-0000',
        altcha: await intake.solvePow(),
      }),
    });
    expect(ok.status).toBe(202);
  });
});
