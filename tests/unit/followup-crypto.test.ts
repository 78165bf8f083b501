// The follow-up protocol's crypto (src/shared/followup/), in Node 24's WebCrypto: derivation from the reference
// code, the reply key's text form, and sealed replies. The same module runs in Chromium (tests/e2e/status.spec.ts).
import { describe, expect, it } from 'vitest';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import {
  deriveThreadKeys,
  equalBytes,
  formatReplyKey,
  fromBase64url,
  hasX25519,
  lookupHash,
  maxSignedReplyBytes,
  openReply,
  parseReplyKey,
  replyAad,
  REPLY_INFO,
  sealReply,
  toBase64url,
} from '../../src/shared/followup/index.ts';
import { padmeLength } from '../../src/shared/tip-entity.ts';

const newCode = () => newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));
const text = (s: string) => new TextEncoder().encode(s);

describe('thread keys from the reference code', () => {
  it('has X25519 in WebCrypto here (no fallback needed)', async () => {
    expect(await hasX25519()).toBe(true);
  });

  it('derives the same lookup and reply key from any spelling of one code, and different ones from another', async () => {
    const code = newCode();
    const a = await deriveThreadKeys(code);
    const b = await deriveThreadKeys(` ${code.toLowerCase().replaceAll('-', ' ')} `.replaceAll('0', 'o'));
    expect(a.lookup).toHaveLength(32);
    expect(a.replyPublicKey).toHaveLength(32);
    expect(equalBytes(a.lookup, b.lookup)).toBe(true);
    expect(equalBytes(a.replyPublicKey, b.replyPublicKey)).toBe(true);
    expect(await lookupHash(a.lookup)).toBe(await lookupHash(b.lookup));
    // The lookup and the reply key are unrelated outputs.
    expect(equalBytes(a.lookup, a.replyPublicKey)).toBe(false);
    const other = await deriveThreadKeys(newCode());
    expect(equalBytes(a.lookup, other.lookup)).toBe(false);
    expect(equalBytes(a.replyPublicKey, other.replyPublicKey)).toBe(false);
  });

  it('matches a fixed vector (HKDF-SHA-256, salt skn-tipline/v1): a change to the derivation breaks every thread', async () => {
    const keys = await deriveThreadKeys('0123-4567-89AB-CDEF-GHJK');
    const hkdf = async (info: string) => {
      const base = await crypto.subtle.importKey('raw', text('0123456789ABCDEFGHJK'), 'HKDF', false, ['deriveBits']);
      return new Uint8Array(
        await crypto.subtle.deriveBits(
          { name: 'HKDF', hash: 'SHA-256', salt: text('skn-tipline/v1'), info: text(info) },
          base,
          256,
        ),
      );
    };
    expect(equalBytes(keys.lookup, await hkdf('lookup'))).toBe(true);
    const hash = await lookupHash(keys.lookup);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const { createHash } = await import('node:crypto');
    expect(hash).toBe(createHash('sha256').update(keys.lookup).digest('hex'));
    expect(formatReplyKey(keys.replyPublicKey)).toMatchInlineSnapshot(
      `"x25519:AXq0GzEv1-_lSvr2GP8c52cCNcFAU5h8du89-rLWzXw"`,
    );
    expect(hash).toMatchInlineSnapshot(`"bf26c0905904176c6e47f8a6a2490c3983176339df58475708cd91357cb89a6c"`);
  });

  it('refuses what is not a code', async () => {
    for (const bad of [
      '',
      'ABCD',
      '0123-4567-89AB-CDEF-GHJ!',
      'U'.repeat(20),
      'A'.repeat(65),
      '0123-4567-89AB-CDEF-GHJKX',
    ])
      await expect(deriveThreadKeys(bad)).rejects.toThrow();
  });
});

describe('the reply key as the report carries it', () => {
  it('round-trips x25519:<base64url>', async () => {
    const { replyPublicKey } = await deriveThreadKeys(newCode());
    const value = formatReplyKey(replyPublicKey);
    expect(value).toMatch(/^x25519:[A-Za-z0-9_-]{43}$/);
    expect(equalBytes(parseReplyKey(value)!, replyPublicKey)).toBe(true);
  });

  it('refuses hostile and near-miss values without throwing', async () => {
    const good = formatReplyKey((await deriveThreadKeys(newCode())).replyPublicKey);
    const body = good.slice('x25519:'.length);
    const lastBitsSet = body.slice(0, 42) + 'B'; // B = 1: a low bit that a 32-byte key never sets
    const hostile: unknown[] = [
      '',
      'x25519:',
      body,
      `X25519:${body}`,
      `x25519: ${body}`,
      `x25519:${body} `,
      `x25519:${body}=`,
      `x25519:${body}A`,
      `x25519:${body.slice(1)}`,
      `x25519:${body.slice(0, 42)}+`,
      `x25519:${body.slice(0, 42)}/`,
      `x25519:${body.slice(0, 42)}é`,
      `x25519:${lastBitsSet}`,
      `x25519:${'A'.repeat(43)}`, // the all-zero point
      `ed25519:${body}`,
      `x25519:${body}\r\nX-Other: 1`,
      'x25519:' + 'A'.repeat(1_000_000),
      `x25519:${'\u0000'.repeat(43)}`,
      42,
      null,
    ];
    const started = performance.now();
    for (const value of hostile) expect(parseReplyKey(value as string), String(value).slice(0, 60)).toBeNull();
    expect(performance.now() - started).toBeLessThan(200); // length first: a megabyte is not read
  });

  it('reads base64url strictly: one spelling per byte string', () => {
    for (const length of [0, 1, 2, 3, 31, 32, 33]) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      const encoded = toBase64url(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
      expect(equalBytes(fromBase64url(encoded)!, bytes)).toBe(true);
    }
    expect(fromBase64url('A')).toBeNull();
    expect(fromBase64url('AB')).toBeNull(); // low bits set
    expect(fromBase64url('AA=')).toBeNull();
    expect(fromBase64url('A.AA')).toBeNull();
  });
});

describe('sealed replies', () => {
  const signed = text('-----BEGIN PGP MESSAGE-----\nnot really signed, the seal does not care\n');

  it('round-trip: only the tipster, for this case and place in the thread, opens it', async () => {
    const code = newCode();
    const tipster = await deriveThreadKeys(code);
    const sealed = await sealReply(tipster.replyPublicKey, signed, 'case-abc', 3);
    // The tipster derives the keys again from the code alone (a new visit to the status page).
    const again = await deriveThreadKeys(code);
    expect(new TextDecoder().decode(await openReply(again.replyKeyPair, sealed, 'case-abc', 3))).toBe(
      new TextDecoder().decode(signed),
    );
    // Sealing is randomized: the same reply twice gives two different ciphertexts.
    const twice = await sealReply(tipster.replyPublicKey, signed, 'case-abc', 3);
    expect(equalBytes(sealed, twice)).toBe(false);
  });

  it('does not open for another case, another seq, or another code', async () => {
    const tipster = await deriveThreadKeys(newCode());
    const sealed = await sealReply(tipster.replyPublicKey, signed, 'case-abc', 3);
    await expect(openReply(tipster.replyKeyPair, sealed, 'case-abd', 3)).rejects.toThrow();
    await expect(openReply(tipster.replyKeyPair, sealed, 'case-abc', 4)).rejects.toThrow();
    await expect(openReply(tipster.replyKeyPair, sealed, 'case-abc|3', 0)).rejects.toThrow();
    const stranger = await deriveThreadKeys(newCode());
    await expect(openReply(stranger.replyKeyPair, sealed, 'case-abc', 3)).rejects.toThrow();
  });

  it('does not open when a byte is changed, cut or added', async () => {
    const tipster = await deriveThreadKeys(newCode());
    const sealed = await sealReply(tipster.replyPublicKey, signed, 'c', 1);
    for (const at of [0, 31, 32, 40, sealed.length - 1]) {
      const changed = sealed.slice();
      changed[at]! ^= 1;
      await expect(openReply(tipster.replyKeyPair, changed, 'c', 1)).rejects.toThrow();
    }
    await expect(openReply(tipster.replyKeyPair, sealed.slice(0, -1), 'c', 1)).rejects.toThrow();
    const longer = new Uint8Array(sealed.length + 1);
    longer.set(sealed);
    await expect(openReply(tipster.replyKeyPair, longer, 'c', 1)).rejects.toThrow();
    await expect(openReply(tipster.replyKeyPair, new Uint8Array(0), 'c', 1)).rejects.toThrow();
    await expect(openReply(tipster.replyKeyPair, new Uint8Array(10_000_000), 'c', 1)).rejects.toThrow(
      'not a sealed reply',
    );
  });

  it('is padded by Padmé: the length says little about the reply', async () => {
    const tipster = await deriveThreadKeys(newCode());
    const lengths = new Set<number>();
    for (const n of [1000, 1010, 1020, 1030]) {
      const sealed = await sealReply(tipster.replyPublicKey, new Uint8Array(n).fill(65), 'c', 1);
      expect(sealed.length).toBe(32 + padmeLength(4 + n) + 16);
      lengths.add(sealed.length);
      expect((await openReply(tipster.replyKeyPair, sealed, 'c', 1)).length).toBe(n);
    }
    expect(lengths.size).toBeLessThan(4);
  });

  it('refuses to seal to a bad key or an over-long reply, and to a negative or fractional seq', async () => {
    const tipster = await deriveThreadKeys(newCode());
    await expect(sealReply(new Uint8Array(31), signed, 'c', 1)).rejects.toThrow();
    await expect(sealReply(tipster.replyPublicKey, new Uint8Array(maxSignedReplyBytes + 1), 'c', 1)).rejects.toThrow();
    expect(() => replyAad('c', -1)).toThrow();
    expect(() => replyAad('c', 1.5)).toThrow();
    expect(new TextDecoder().decode(replyAad('case', 7))).toBe('case|7');
    expect(REPLY_INFO).toBe('skn-reply/v1');
  });
});
