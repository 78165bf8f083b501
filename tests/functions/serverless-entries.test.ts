// Each platform entry, imported as the platform would and driven through its own handler signature (Netlify:
// Request + context; Vercel: the exported method handlers), from a real request to a tip in Redis and a PGP/MIME
// mail on a real SMTP server. The Netlify API runs over Upstash's REST protocol, Vercel's over TCP.
// A full-size report (4 MB of attachments, about 8 MiB armored) goes in parts through both, as the browser sends it,
// and no request body comes near Vercel's 4.5 MB.
import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import * as openpgp from 'openpgp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as vercelApi from '../../api/[[...route]].ts';
import * as vercelCron from '../../api/cron/forward.ts';
import netlifyApi, { config as netlifyApiConfig } from '../../functions/netlify/api.ts';
import netlifyForward, { config as netlifyForwardConfig } from '../../functions/netlify/forward-scheduled.ts';
import { resetServerlessRuntime } from '../../functions/runtime/serverless.ts';
import { buildTipEntity } from '../../src/shared/tip-entity.ts';
import { tipLimits } from '../../src/shared/tip-fields.ts';
import { sendInParts } from '../../src/tipline/upload.ts';
import { deriveThreadKeys, formatReplyKey, lookupHash, toBase64url } from '../../src/shared/followup/index.ts';
import { codeLookupHash } from '../../functions/tips/store.ts';
import { createGpg, type Gpg } from './helpers/gpg.ts';
import { startTestSmtp, type TestSmtp } from './helpers/smtp-server.ts';
import { startRedis, type TestRedis } from './redis-server.ts';
import { allKeys, deploymentEnv, makeTaskForce, tipClient, type TaskForceFixture } from './serverless-fixture.ts';
import { startRestBridge, type RestBridge } from './upstash-rest-bridge.ts';

let redis: TestRedis;
let bridge: RestBridge;
let smtp: TestSmtp;
let taskForce: TaskForceFixture;
let gpg: Gpg;
const savedEnv = { ...process.env };

beforeAll(async () => {
  [redis, smtp, taskForce, gpg] = await Promise.all([startRedis(), startTestSmtp(), makeTaskForce(), createGpg()]);
  bridge = await startRestBridge(redis.url);
  await gpg.importKey(taskForce.privateKey.armor());
});
afterEach(async () => {
  await resetServerlessRuntime();
  process.env = { ...savedEnv };
});
afterAll(async () => {
  await bridge?.close();
  await Promise.all([redis?.stop(), smtp?.close(), taskForce?.close(), gpg?.close()]);
});

/** Sets the process environment as the platform would, for a fresh function instance. */
async function deploy(options: { transport: 'rest' | 'tcp'; trustedClientIp: string; extra?: Record<string, string> }) {
  await resetServerlessRuntime();
  const prefix = `t${randomBytes(6).toString('hex')}:`;
  const env = deploymentEnv({
    taskForce,
    smtpUrl: smtp.url,
    prefix,
    trustedClientIp: options.trustedClientIp,
    ...(options.transport === 'rest' ? { rest: { url: bridge.url, token: bridge.token } } : { redis }),
    extra: options.extra,
  });
  process.env = { ...savedEnv, ...env };
  return prefix;
}

const netlify = (ip: string) => (request: Request) => netlifyApi(request, { ip });
const vercel = (request: Request) => {
  const method = request.method as 'GET' | 'POST' | 'PUT' | 'HEAD' | 'OPTIONS';
  return vercelApi[method](request);
};

/** The mail the SMTP server accepted for a tip, decrypted the way an officer would. */
async function deliveredReport(index: number): Promise<{ messageId: string; text: string }> {
  const mail = await simpleParser(smtp.accepted[index]!.raw);
  const type = mail.headers.get('content-type') as { value: string };
  expect(type.value).toBe('multipart/encrypted');
  const encrypted = mail.attachments.find((a) => a.filename === 'encrypted.asc')!;
  return { messageId: String(mail.messageId), text: await taskForce.decrypt(encrypted.content.toString()) };
}

async function expectNoAddressInRedis(addresses: string[]) {
  const keys = await allKeys(redis);
  for (const key of keys) {
    for (const address of addresses) expect(key).not.toContain(address);
    expect(key).not.toContain('@'); // no e-mail address either
  }
}

describe('Netlify', () => {
  it('is configured for /api/* and a 5-minute schedule', () => {
    expect(netlifyApiConfig).toEqual({ path: '/api/*' });
    expect(netlifyForwardConfig).toEqual({ schedule: '*/5 * * * *' });
  });

  it('API: a real request becomes a tip in Redis (over REST) and a delivered PGP/MIME mail, within the request', async () => {
    const prefix = await deploy({ transport: 'rest', trustedClientIp: 'x-nf-client-connection-ip' });
    const ip = '203.0.113.21';
    const client = tipClient(netlify(ip), taskForce);
    const body = await client.body('MARKER-NETLIFY what I saw at the harbour');
    const before = smtp.accepted.length;
    const response = await client.post(body, { 'x-nf-client-connection-ip': ip });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ receipt: body.receipt, status: 'waiting' });
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    // The immediate attempt ran before the 202: the mail is already there.
    expect(smtp.accepted.length).toBe(before + 1);
    expect((await deliveredReport(before)).text).toContain('MARKER-NETLIFY');
    expect(await client.status(body.receipt, { 'x-nf-client-connection-ip': ip })).toBe('delivered');
    // Delivered: the ciphertext is gone from Redis.
    expect(await redis.admin.hlen(`${prefix}body`)).toBe(0);
    await expectNoAddressInRedis([ip, '203.0.113']);
  });

  it('API: the rate limit follows x-nf-client-connection-ip, not the left-most X-Forwarded-For', async () => {
    await deploy({ transport: 'rest', trustedClientIp: 'x-nf-client-connection-ip', extra: { RATE_LIMIT_MAX: '2' } });
    const ip = '198.51.100.40';
    const client = tipClient(netlify(ip), taskForce);
    const send = async (nfIp: string, xff: string) =>
      (await client.post(await client.body('rate'), { 'x-nf-client-connection-ip': nfIp, 'x-forwarded-for': xff }))
        .status;
    expect(await send(ip, '192.0.2.1')).toBe(202);
    expect(await send(ip, '192.0.2.2')).toBe(202);
    expect(await send(ip, '192.0.2.3')).toBe(429); // a forged X-Forwarded-For does not escape the limit
    expect(await send('198.51.101.40', '192.0.2.3')).toBe(202); // another network is not limited
    await expectNoAddressInRedis(['198.51.100', '198.51.101', '192.0.2']);
  });

  it('scheduled function: delivers what the API only queued (TIP_SEND_DELAY_MAX > 0 skips the immediate attempt)', async () => {
    const prefix = await deploy({
      transport: 'rest',
      trustedClientIp: 'x-nf-client-connection-ip',
      extra: { TIP_SEND_DELAY_MAX: '300' },
    });
    const ip = '203.0.113.22';
    const client = tipClient(netlify(ip), taskForce);
    const body = await client.body('MARKER-NETLIFY-SCHEDULED');
    const before = smtp.accepted.length;
    expect((await client.post(body, { 'x-nf-client-connection-ip': ip })).status).toBe(202);
    expect(smtp.accepted.length).toBe(before);
    expect(await client.status(body.receipt, { 'x-nf-client-connection-ip': ip })).toBe('waiting');
    expect(await redis.admin.hlen(`${prefix}body`)).toBe(1);

    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const ran = await netlifyForward(
      new Request('https://tipline.example/.netlify/functions/forward-scheduled', { method: 'POST' }),
    );
    log.mockRestore();
    expect(ran.status).toBe(204);
    expect(smtp.accepted.length).toBe(before + 1);
    expect((await deliveredReport(before)).text).toContain('MARKER-NETLIFY-SCHEDULED');
    expect(await client.status(body.receipt, { 'x-nf-client-connection-ip': ip })).toBe('delivered');
    expect(await redis.admin.hlen(`${prefix}body`)).toBe(0);
  });
});

describe('Vercel', () => {
  it('API: a real request becomes a tip in Redis (over TCP) and a delivered PGP/MIME mail', async () => {
    const prefix = await deploy({ transport: 'tcp', trustedClientIp: 'x-real-ip' });
    const ip = '203.0.113.31';
    const client = tipClient(vercel, taskForce);
    const body = await client.body('MARKER-VERCEL two men at the gas station');
    const before = smtp.accepted.length;
    const response = await client.post(body, { 'x-real-ip': ip, 'x-forwarded-for': `10.0.0.1, ${ip}` });
    expect(response.status).toBe(202);
    expect(smtp.accepted.length).toBe(before + 1);
    expect((await deliveredReport(before)).text).toContain('MARKER-VERCEL');
    expect(await client.status(body.receipt, { 'x-real-ip': ip })).toBe('delivered');
    expect(await redis.admin.hlen(`${prefix}body`)).toBe(0);
    await expectNoAddressInRedis([ip, '10.0.0.1']);
  });

  it('cron: refuses without the CRON_SECRET bearer, and with it delivers what was queued', async () => {
    const secret = randomBytes(24).toString('hex');
    await deploy({
      transport: 'tcp',
      trustedClientIp: 'x-real-ip',
      extra: { TIP_SEND_DELAY_MAX: '300', CRON_SECRET: secret },
    });
    const client = tipClient(vercel, taskForce);
    const body = await client.body('MARKER-VERCEL-CRON');
    const before = smtp.accepted.length;
    expect((await client.post(body, { 'x-real-ip': '203.0.113.32' })).status).toBe(202);
    expect(smtp.accepted.length).toBe(before);

    const cronUrl = 'https://tipline.example/api/cron/forward';
    expect((await vercelCron.GET(new Request(cronUrl))).status).toBe(401);
    expect((await vercelCron.GET(new Request(cronUrl, { headers: { authorization: 'Bearer wrong' } }))).status).toBe(
      401,
    );
    const ran = await vercelCron.GET(new Request(cronUrl, { headers: { authorization: `Bearer ${secret}` } }));
    expect(ran.status).toBe(200);
    expect(await ran.json()).toMatchObject({ delivered: 1, queue: { pending: 0, dead: 0 } });
    expect((await deliveredReport(before)).text).toContain('MARKER-VERCEL-CRON');
    expect(await client.status(body.receipt, { 'x-real-ip': '203.0.113.32' })).toBe('delivered');
  });

  it('cron: without CRON_SECRET configured it does not run at all', async () => {
    await deploy({ transport: 'tcp', trustedClientIp: 'x-real-ip' });
    const mute = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ran = await vercelCron.GET(
      new Request('https://tipline.example/api/cron/forward', { headers: { authorization: 'Bearer ' } }),
    );
    mute.mockRestore();
    expect(ran.status).toBe(503);
  });
});

describe('a full-size report in parts', () => {
  const platformLimit = 4.5e6; // Vercel's request body limit, in bytes; Netlify's is higher
  const origin = 'https://tipline.example';

  /** A report as the browser builds it, with 4 MB of incompressible attachments (the form's limit), encrypted. */
  async function fullReport(client: ReturnType<typeof tipClient>, marker: string) {
    const receipt = client.code();
    const photo = (n: number) => new Uint8Array(randomBytes(n));
    const entity = buildTipEntity({
      answers: { text: { happened: `${marker} a van at night, five workers` }, choices: { kind: ['forced-labour'] } },
      attachments: [
        { filename: 'photo-1.jpg', contentType: 'image/jpeg', bytes: photo(2 * 1024 * 1024) },
        {
          filename: 'photo-2.jpg',
          contentType: 'image/jpeg',
          bytes: photo(tipLimits.maxAttachmentBytes - 2 * 1024 * 1024),
        },
      ],
      replyKey: formatReplyKey((await deriveThreadKeys(receipt)).replyPublicKey),
      locale: 'en',
      sentHour: '2026-11-27T20:00Z',
      randomBytes: (n) => new Uint8Array(randomBytes(n)),
    });
    const ciphertext = await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: entity }),
      encryptionKeys: [taskForce.publicKey],
      format: 'binary',
    });
    return { ciphertext, receipt };
  }

  /** Sends it with the browser's uploader through `fetcher`, recording every request body's size. */
  async function sendThrough(
    fetcher: (r: Request) => Promise<Response>,
    headers: Record<string, string>,
    marker: string,
  ) {
    const client = tipClient(fetcher, taskForce, origin);
    const { ciphertext, receipt } = await fullReport(client, marker);
    expect(ciphertext.length).toBeGreaterThan(platformLimit); // would be refused by Vercel in one request
    const sizes: number[] = [];
    const send = async (method: string, path: string, body: string | Uint8Array, type: string) => {
      sizes.push(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
      // The guard: what the platform would refuse before the function runs.
      if (sizes.at(-1)! > platformLimit) throw new Error(`a request body of ${sizes.at(-1)} bytes`);
      return fetcher(
        new Request(`${origin}${path}`, {
          method,
          headers: { 'content-type': type, 'sec-fetch-site': 'same-origin', ...headers },
          body: body as BodyInit,
        }),
      );
    };
    await sendInParts(ciphertext, await codeLookupHash(receipt), await client.solvePow(), {
      json: (method, path, body) => send(method, path, JSON.stringify(body), 'application/json'),
      binary: async (method, path, body, _headers, onSent) => {
        const response = await send(method, path, body, 'application/octet-stream');
        onSent(body.length);
        return response;
      },
      say: () => {},
      progress: () => {},
    });
    expect(sizes.length).toBe(1 + Math.ceil(ciphertext.length / tipLimits.uploadPartBytes) + 1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(tipLimits.maxPartRequestBytes);
    return { receipt, client };
  }

  /** The last accepted mail, decrypted by GnuPG, parsed as the report entity. */
  async function officerReads(index: number) {
    const mail = await simpleParser(smtp.accepted[index]!.raw);
    const encrypted = mail.attachments.find((a) => a.filename === 'encrypted.asc')!;
    return simpleParser(await gpg.decrypt(encrypted.content.toString(), ''));
  }

  it('Netlify (Upstash REST): 4 MB of attachments in parts, delivered and decrypted by GnuPG', async () => {
    const prefix = await deploy({ transport: 'rest', trustedClientIp: 'x-nf-client-connection-ip' });
    const ip = '203.0.113.41';
    const before = smtp.accepted.length;
    const { receipt, client } = await sendThrough(
      netlify(ip),
      { 'x-nf-client-connection-ip': ip },
      'MARKER-NETLIFY-PARTS',
    );
    expect(smtp.accepted.length).toBe(before + 1); // delivered within the completing request
    const report = await officerReads(before);
    expect(report.text).toContain('MARKER-NETLIFY-PARTS');
    expect(report.text).not.toContain(receipt);
    expect(report.headers.get('x-reply-key')).toMatch(/^x25519:/);
    expect(report.attachments.map((a) => a.content.length)).toEqual([
      2 * 1024 * 1024,
      tipLimits.maxAttachmentBytes - 2 * 1024 * 1024,
    ]);
    expect(await client.status(receipt, { 'x-nf-client-connection-ip': ip })).toBe('delivered');
    // Nothing staged is left, and nothing but the queue's own keys.
    expect((await allKeys(redis)).filter((k) => k.startsWith(`${prefix}upload:`))).toEqual([]);
    await expectNoAddressInRedis([ip, '203.0.113']);
  }, 60_000);

  it('Vercel (TCP): the same report in parts, delivered and decrypted by GnuPG', async () => {
    const prefix = await deploy({ transport: 'tcp', trustedClientIp: 'x-real-ip' });
    const ip = '203.0.113.42';
    const before = smtp.accepted.length;
    const { receipt, client } = await sendThrough(vercel, { 'x-real-ip': ip }, 'MARKER-VERCEL-PARTS');
    expect(smtp.accepted.length).toBe(before + 1);
    const report = await officerReads(before);
    expect(report.text).toContain('MARKER-VERCEL-PARTS');
    expect(report.attachments).toHaveLength(2);
    expect(await client.status(receipt, { 'x-real-ip': ip })).toBe('delivered');
    expect((await allKeys(redis)).filter((k) => k.startsWith(`${prefix}upload:`))).toEqual([]);
  }, 60_000);
});

describe('misconfigured deployment', () => {
  it.each([
    ['no Redis', { UPSTASH_REDIS_REST_URL: '', UPSTASH_REDIS_REST_TOKEN: '', REDIS_URL: '' }, /UPSTASH_REDIS_REST_URL/],
    ['made-up secrets', { RATE_LIMIT_SECRET: '', NODE_ENV: 'development' }, /RATE_LIMIT_SECRET/],
    ['no task force keys', { TASKFORCE_PUBLIC_KEYS: '', NODE_ENV: 'development' }, /TASKFORCE_PUBLIC_KEYS/],
    // There is no socket peer behind a platform's edge: every tipster would look alike.
    ['TRUSTED_CLIENT_IP=socket', { TRUSTED_CLIENT_IP: 'socket' }, /TRUSTED_CLIENT_IP=socket/],
    ['TRUSTED_CLIENT_IP left at its default', { TRUSTED_CLIENT_IP: '' }, /TRUSTED_CLIENT_IP=socket/],
  ])('%s: both entries answer 503 in the API error shape and log why', async (_name, override, why) => {
    await deploy({ transport: 'rest', trustedClientIp: 'x-real-ip' });
    Object.assign(process.env, override);
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const responses = [
      await netlifyApi(new Request('https://tipline.example/api/altcha'), {}),
      await vercelApi.GET(new Request('https://tipline.example/api/altcha')),
    ];
    spy.mockRestore();
    for (const response of responses) {
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('server');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
    expect(errors.join('\n')).toMatch(why);
  });
});

describe('the desk in the serverless functions (DESK_ORIGIN)', () => {
  it('tips become cases in Redis, the thread API reads them, the desk API is mounted, and the scheduled run sweeps', async () => {
    const prefix = await deploy({
      transport: 'rest',
      trustedClientIp: 'x-nf-client-connection-ip',
      extra: { DESK_ORIGIN: 'https://desk.tipline.example', TIP_MAIL: 'notify' },
    });
    const ip = '203.0.113.51';
    const client = tipClient(netlify(ip), taskForce);
    const code = client.code();
    const keys = await deriveThreadKeys(code);
    const hash = await lookupHash(keys.lookup);
    const before = smtp.accepted.length;
    const response = await client.post(
      { ciphertext: await client.encrypt('MARKER-SERVERLESS-DESK'), lookupHash: hash, altcha: await client.solvePow() },
      { 'x-nf-client-connection-ip': ip },
    );
    expect(response.status).toBe(202);
    // TIP_MAIL=notify: the officer's mailbox gets a notification with no content.
    expect(smtp.accepted.length).toBe(before + 1);
    expect(smtp.accepted[before]!.raw.toString()).not.toContain('BEGIN PGP');
    expect(smtp.accepted[before]!.raw.toString()).not.toContain('MARKER-SERVERLESS-DESK');

    const thread = async () =>
      (
        await netlify(ip)(
          new Request('https://tipline.example/api/thread', {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'sec-fetch-site': 'same-origin',
              'x-nf-client-connection-ip': ip,
            },
            body: JSON.stringify({ lookup: toBase64url(keys.lookup) }),
          }),
        )
      ).json() as Promise<{ caseId: string | null; status: string }>;
    const opened = await thread();
    expect(opened.status).toBe('received');
    expect(opened.caseId).toBeTruthy();
    // The desk's own API answers (no session: 401), so it is mounted.
    const desk = await netlify(ip)(new Request('https://tipline.example/api/desk/session'));
    expect(desk.status).toBe(401);

    // A case whose retention day has passed is deleted by the scheduled run, as by the Node server's sweep.
    const { createRedisDeskStore } = await import('../../functions/desk-store/redis.ts');
    const { connectRedis } = await import('../../functions/redis/client.ts');
    const admin = connectRedis({ kind: 'tcp', url: redis.url, prefix });
    const store = createRedisDeskStore(admin, { prefix });
    await store.updateCase(opened.caseId!, { status: 'closed', closeReason: 'duplicate', keepUntilDay: '2020-01-01' });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const ran = await netlifyForward(
      new Request('https://tipline.example/.netlify/functions/forward-scheduled', { method: 'POST' }),
    );
    log.mockRestore();
    expect(ran.status).toBe(204);
    expect(await store.getCase(opened.caseId!)).toBeNull();
    expect((await thread()).caseId).toBeNull();
    await admin.close();
  });
});
