// The rate-limit key for a request: HMAC(daily key, client address prefix). Never the address.
//
// - The address comes only from the source the deployment configured (TRUSTED_CLIENT_IP). The left-most
//   X-Forwarded-For entry is whatever the client wrote, so it is never used.
// - Only the prefix is used: /24 for IPv4, /56 for IPv6 (what one household or small network gets), so the key
//   does not single out one device and rotating through an IPv6 block does not escape the limit.
// - The HMAC key is derived from RATE_LIMIT_SECRET and the UTC day, so keys change every day: a stored key (in
//   memory, or in Redis) cannot be linked to the next day's, and without the secret it cannot be reversed by trying
//   all 2^24 IPv4 prefixes.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Context } from 'hono';
import type { TrustedClientIpSource } from '../config.ts';

const dayMs = 86_400_000;

/** What the request offers; `socketAddress` is the TCP peer (Node server only). */
export interface ClientAddressSources {
  header(name: string): string | undefined;
  socketAddress?: string | undefined;
}

/** The client address from the one trusted source, or null when that source is absent or not an address. */
export function clientAddress(source: TrustedClientIpSource, request: ClientAddressSources): string | null {
  let raw: string | undefined;
  switch (source) {
    case 'socket':
      raw = request.socketAddress;
      break;
    case 'x-nf-client-connection-ip':
    case 'x-real-ip':
      raw = request.header(source);
      break;
    case 'x-forwarded-for:right-most': {
      // Our one proxy appends the peer it saw; everything to the left came from the client.
      const list = request.header('x-forwarded-for');
      raw = list?.split(',').at(-1);
      break;
    }
  }
  return raw === undefined ? null : normalizeAddress(raw);
}

function normalizeAddress(raw: string): string | null {
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address); // "[2001:db8::1]:443"
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.replace(/:\d+$/, ''); // "1.2.3.4:5678"
  address = address.replace(/%.*$/, ''); // IPv6 zone id
  if (isIPv4(address) || isIPv6(address)) return address.toLowerCase();
  return null;
}

/** "203.0.113.0/24" or "2001:db8:ab:cd00::/56"; IPv4-mapped IPv6 counts as IPv4. */
export function addressPrefix(address: string): string | null {
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1]!;
  if (isIPv4(address)) {
    const [a, b, c] = address.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  if (!isIPv6(address)) return null;
  const groups = expandIPv6(address);
  if (!groups) return null;
  const fourth = (parseInt(groups[3]!, 16) & 0xff00).toString(16);
  return `${groups
    .slice(0, 3)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}:${fourth}::/56`;
}

function expandIPv6(address: string): string[] | null {
  let text = address;
  // A trailing dotted quad ("::ffff:1.2.3.4", "64:ff9b::1.2.3.4") becomes two groups.
  const quad = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (quad) {
    const [, a, b, c, d] = quad.map(Number) as number[];
    text = text.slice(0, quad.index) + `${((a! << 8) | b!).toString(16)}:${((c! << 8) | d!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
}

/** The day's HMAC key; yesterday's cannot be derived from today's. */
function dailyKey(secret: string, now: number): Buffer {
  const day = Math.floor(now / dayMs);
  return createHmac('sha256', secret).update(`tipline rate-limit key, UTC day ${day}`).digest();
}

// The day's key, imported once per day: createHmac with a raw Buffer key costs Node ~20 µs per call (its key-object
// checks), with a KeyObject ~3 µs, and this runs on every tip.
let cachedKey: { secret: string; day: number; key: KeyObject } | null = null;

function dailyKeyObject(secret: string, now: number): KeyObject {
  const day = Math.floor(now / dayMs);
  if (!cachedKey || cachedKey.secret !== secret || cachedKey.day !== day) {
    cachedKey = { secret, day, key: createSecretKey(dailyKey(secret, now)) };
  }
  return cachedKey.key;
}

/** The identifier handed to the RateLimiter for an address prefix. */
export function rateLimitKey(prefix: string, secret: string, now: number): string {
  return createHmac('sha256', dailyKeyObject(secret, now)).update(prefix).digest('base64url').slice(0, 32);
}

/**
 * The rate-limit key of a request, or null when the configured source gives no usable address. There is no shared
 * key for those: one bucket for every address-less request let five posts shut the tip line for everyone on a
 * platform where the source was wrong (TRUSTED_CLIENT_IP=socket on Netlify). The routes refuse them instead, and
 * say so in the log (http/no-address.ts).
 */
export function clientKey(
  source: TrustedClientIpSource,
  request: ClientAddressSources,
  secret: string,
  now: number,
): string | null {
  const address = clientAddress(source, request);
  const prefix = address ? addressPrefix(address) : null;
  return prefix === null ? null : rateLimitKey(prefix, secret, now);
}

/**
 * The rate-limit key of a Hono request: the configured header, or the Node socket's address where there is one
 * (Hono's getConnInfo throws where a request has no Node socket, as in tests and serverless, and a missing address
 * must be refused, not crash).
 */
export function requestClientKey(
  c: Context,
  config: { trustedClientIp: TrustedClientIpSource; rateLimitSecret: string },
  now: number,
): string | null {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
  return clientKey(
    config.trustedClientIp,
    { header: (name) => c.req.header(name), socketAddress: socket?.remoteAddress },
    config.rateLimitSecret,
    now,
  );
}
