import { describe, expect, it } from 'vitest';
import { addressPrefix, clientAddress, clientKey, rateLimitKey } from '../../functions/http/client-key.ts';

const secret = 's'.repeat(40);
const noon = Date.UTC(2031, 4, 10, 12);
const headers = (h: Record<string, string>, socketAddress?: string) => ({
  header: (name: string) => h[name.toLowerCase()],
  socketAddress,
});

describe('client address from the trusted source only', () => {
  it('socket: the TCP peer, whatever the headers say', () => {
    const request = headers({ 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '7.7.7.7' }, '::ffff:203.0.113.9');
    expect(clientAddress('socket', request)).toBe('::ffff:203.0.113.9');
  });

  it('x-forwarded-for:right-most: the entry our proxy appended, never what the client wrote to its left', () => {
    const spoofed = headers({ 'x-forwarded-for': '6.6.6.6, 10.0.0.1, 203.0.113.9' }, '127.0.0.1');
    expect(clientAddress('x-forwarded-for:right-most', spoofed)).toBe('203.0.113.9');
    const honest = headers({ 'x-forwarded-for': '203.0.113.9' }, '127.0.0.1');
    expect(clientKey('x-forwarded-for:right-most', spoofed, secret, noon)).toBe(
      clientKey('x-forwarded-for:right-most', honest, secret, noon),
    );
  });

  it('platform headers (Netlify, Vercel), with ports and brackets stripped', () => {
    expect(clientAddress('x-nf-client-connection-ip', headers({ 'x-nf-client-connection-ip': '2001:db8::1' }))).toBe(
      '2001:db8::1',
    );
    expect(clientAddress('x-real-ip', headers({ 'x-real-ip': '[2001:db8::1]:443' }))).toBe('2001:db8::1');
    expect(clientAddress('x-real-ip', headers({ 'x-real-ip': '198.51.100.4:5000' }))).toBe('198.51.100.4');
    // The configured header only: another platform's header is ignored.
    expect(clientAddress('x-real-ip', headers({ 'x-nf-client-connection-ip': '198.51.100.4' }))).toBeNull();
    expect(clientAddress('x-real-ip', headers({ 'x-real-ip': 'not-an-address' }))).toBeNull();
  });
});

describe('address prefix', () => {
  it('IPv4 /24, IPv4-mapped IPv6 as IPv4, IPv6 /56', () => {
    expect(addressPrefix('203.0.113.9')).toBe('203.0.113.0/24');
    expect(addressPrefix('::ffff:203.0.113.9')).toBe('203.0.113.0/24');
    expect(addressPrefix('2001:db8:ab:cdef::1')).toBe('2001:db8:ab:cd00::/56');
    expect(addressPrefix('2001:db8:ab:cd12:1:2:3:4')).toBe('2001:db8:ab:cd00::/56');
    expect(addressPrefix('2001:db8:ab:ce00::1')).toBe('2001:db8:ab:ce00::/56');
    expect(addressPrefix('::1')).toBe('0:0:0:0::/56');
    expect(addressPrefix('nonsense')).toBeNull();
  });
});

describe('rate-limit key', () => {
  const key = (address: string, now = noon, s = secret) => clientKey('socket', headers({}, address), s, now);

  it('contains nothing of the address', () => {
    for (const address of ['203.0.113.9', '2001:db8:ab:cdef::1']) {
      const k = key(address);
      expect(k).toMatch(/^[A-Za-z0-9_-]{32}$/);
      for (const part of [address, ...address.split(/[.:]/).filter((p) => p.length > 1), addressPrefix(address)!]) {
        expect(k).not.toContain(part);
      }
    }
  });

  it('is the same across a /24 or /56 and differs between them', () => {
    expect(key('203.0.113.9')).toBe(key('203.0.113.200'));
    expect(key('203.0.113.9')).not.toBe(key('203.0.114.9'));
    expect(key('2001:db8:ab:cd00::1')).toBe(key('2001:db8:ab:cdff:ffff::2'));
    expect(key('2001:db8:ab:cd00::1')).not.toBe(key('2001:db8:ab:ce00::1'));
  });

  it('rotates with the UTC day, and depends on the secret', () => {
    const startOfDay = Date.UTC(2031, 4, 10);
    expect(key('203.0.113.9', startOfDay)).toBe(key('203.0.113.9', startOfDay + 86_400_000 - 1));
    expect(key('203.0.113.9', startOfDay)).not.toBe(key('203.0.113.9', startOfDay + 86_400_000));
    expect(key('203.0.113.9', noon, 't'.repeat(40))).not.toBe(key('203.0.113.9'));
  });

  it('a request without a usable address has no key (no shared bucket: the routes refuse it)', () => {
    expect(clientKey('x-real-ip', headers({}), secret, noon)).toBeNull();
    expect(clientKey('x-real-ip', headers({ 'x-real-ip': 'garbage' }), secret, noon)).toBeNull();
    expect(clientKey('socket', headers({}), secret, noon)).toBeNull();
    expect(key('203.0.113.9')).toBe(rateLimitKey('203.0.113.0/24', secret, noon));
  });
});
