// Follow-ups signed by the tipster (src/shared/followup/signature.ts) and checked by the desk against the key in the
// case's decrypted report (src/desk/followup-check.ts), in Node 24's WebCrypto, with node:crypto as an independent
// second implementation of the derivation and the signature. The tamper cases are what a server (or anyone with the
// database) can do: write a follow-up of its own, unsigned or signed by another key, copy one from another thread,
// store a genuine one twice, or send headers no browser writes.
import { createHash, createPrivateKey, createPublicKey, hkdfSync, verify } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { formatReplyKey, fromBase64url, toBase64url } from '../../src/shared/followup/index.ts';
import {
  formatFollowupKey,
  parseFollowupKey,
  signatureSlotLine,
  signatureValueChars,
} from '../../src/shared/followup/followup-headers.ts';
import {
  deriveFollowupKey,
  entityBodyDigest,
  readFollowupSignature,
  signFollowupEntity,
  type FollowupKey,
} from '../../src/shared/followup/signature.ts';
import { buildTipEntity } from '../../src/shared/tip-entity.ts';
import { newReceiptCode } from '../../src/shared/receipt.ts';
import { parseEntity, latin1 } from '../../src/desk/mime.ts';
import { checkFollowups, followupKeyOf, readProof, type Authorship } from '../../src/desk/followup-check.ts';

const newCode = () => newReceiptCode((n) => crypto.getRandomValues(new Uint8Array(n)));
const sent = '2026-12-02T10:00Z';
const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

const base = {
  answers: { text: {}, choices: {} },
  attachments: [{ filename: 'foto.jpg', contentType: 'image/jpeg', bytes: new Uint8Array(500).fill(3) }],
  replyKey: formatReplyKey(new Uint8Array(32).fill(9)),
  locale: 'ht',
  sentHour: sent,
  randomBytes: (n: number) => crypto.getRandomValues(new Uint8Array(n)),
};

/** The report as the page writes it, with this code's follow-up key (or none). */
function report(key: FollowupKey | null, replyKey: string | null = base.replyKey) {
  return parseEntity(
    buildTipEntity({
      ...base,
      attachments: [],
      replyKey,
      followupKey: key ? formatFollowupKey(key.publicKey) : null,
    }),
  );
}

/** A follow-up as the seal worker writes it: signed with `key`, or unsigned. */
async function followup(key: FollowupKey | null, message = 'Ba a louvri chak swa.'): Promise<Uint8Array> {
  const entity = buildTipEntity({ ...base, followup: { message, signed: key !== null } });
  if (key) await signFollowupEntity(entity, key, sent);
  return entity;
}

async function check(tip: ReturnType<typeof report> | null, ...entities: Uint8Array[]): Promise<Authorship[]> {
  const followups = await Promise.all(
    entities.map(async (bytes, i) => ({ seq: i + 1, proof: await readProof(bytes, parseEntity(bytes)) })),
  );
  return [...(await checkFollowups(tip, followups)).values()];
}

describe('the follow-up signing key', () => {
  it('matches a fixed vector: HKDF-SHA-256 (salt skn-tipline/v1, info followup-ed25519) as an Ed25519 seed', async () => {
    const code = '0123-4567-89AB-CDEF-GHJK';
    const key = await deriveFollowupKey(code);
    const seed = Buffer.from(hkdfSync('sha256', '0123456789ABCDEFGHJK', 'skn-tipline/v1', 'followup-ed25519', 32));
    const nodeKey = createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
    const x = createPublicKey(nodeKey).export({ format: 'jwk' }).x!;
    expect(toBase64url(key.publicKey)).toBe(x);
    expect(formatFollowupKey(key.publicKey)).toMatchInlineSnapshot(
      `"ed25519:Oa-ROJ2rynHvPfPAVx7VziLbl8MA7stVL9Aj1yNbjkA"`,
    );
    expect(key.privateKey.extractable).toBe(false);
    // Any spelling of the code, the same key; another code, another key.
    const again = await deriveFollowupKey(code.toLowerCase().replaceAll('-', ' '));
    expect(toBase64url(again.publicKey)).toBe(x);
    expect(toBase64url((await deriveFollowupKey(newCode())).publicKey)).not.toBe(x);
  });

  it('reads the X-Followup-Key value strictly', () => {
    const key = new Uint8Array(32).fill(5);
    expect(parseFollowupKey(formatFollowupKey(key))).toEqual(key);
    for (const bad of [
      '',
      `x25519:${toBase64url(key)}`,
      `ed25519:${toBase64url(key)}=`,
      `ed25519: ${toBase64url(key)}`,
      `ed25519:${toBase64url(new Uint8Array(32))}`, // the all-zero point
      `ed25519:${toBase64url(key).slice(0, -1)}B`, // non-canonical last character
      `ED25519:${toBase64url(key)}`,
      'ed25519:' + 'A'.repeat(10_000),
    ])
      expect(parseFollowupKey(bad), bad).toBeNull();
    // The report writer takes only the strict form, so nothing can ride into the headers with it.
    expect(() => buildTipEntity({ ...base, followupKey: 'ed25519:x\r\nX-Reply-Key: x25519:…' })).toThrow(
      'not a follow-up key',
    );
  });
});

describe('a signed follow-up', () => {
  it('puts the signature first, over the documented bytes, and the desk verifies it against the report', async () => {
    const key = await deriveFollowupKey(newCode());
    const entity = await followup(key);
    const text = latin1.decode(entity);
    expect(text.startsWith('X-Followup-Signature: v1; nonce=')).toBe(true);
    expect(text).not.toContain('-'.repeat(signatureValueChars)); // the slot was filled
    const header = parseEntity(entity).headers.get('x-followup-signature')!;
    const signature = readFollowupSignature(header)!;
    expect(signature.sent).toBe(sent);
    // Checked by node:crypto over label ‖ key ‖ nonce ‖ hour ‖ SHA-256(body): the layout docs/desk.md gives.
    const body = entity.subarray(text.indexOf('\r\n\r\n') + 4);
    const message = Buffer.concat([
      Buffer.from('skn-followup/v1\0'),
      key.publicKey,
      signature.nonce,
      Buffer.from(sent),
      createHash('sha256').update(body).digest(),
    ]);
    const nodePublic = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: toBase64url(key.publicKey) },
      format: 'jwk',
    });
    expect(verify(null, message, nodePublic, signature.signature)).toBe(true);
    expect(await check(report(key), entity)).toEqual([{ state: 'verified', sent }]);
  });

  it('gives each follow-up its own nonce', async () => {
    const key = await deriveFollowupKey(newCode());
    const a = readFollowupSignature(parseEntity(await followup(key, 'same')).headers.get('x-followup-signature')!)!;
    const b = readFollowupSignature(parseEntity(await followup(key, 'same')).headers.get('x-followup-signature')!)!;
    expect(toBase64url(a.nonce)).not.toBe(toBase64url(b.nonce));
  });

  it('refuses to sign an entity without the slot, or with an hour that is not one', async () => {
    const key = await deriveFollowupKey(newCode());
    await expect(signFollowupEntity(await followup(null), key, sent)).rejects.toThrow('no signature slot');
    const slotted = buildTipEntity({ ...base, followup: { message: 'x', signed: true } });
    await expect(signFollowupEntity(slotted, key, '2026-12-02T10:30Z')).rejects.toThrow('not an hour');
  });
});

describe('what the desk says about a follow-up it cannot trust', () => {
  it('a changed body (one byte of the attachment, or of the padding) is not the tipster’s', async () => {
    const key = await deriveFollowupKey(newCode());
    const entity = await followup(key);
    const attachment = latin1.decode(entity).indexOf('AwMD'); // base64 of the photo's bytes
    const inPhoto = entity.slice();
    inPhoto[attachment] = 'B'.charCodeAt(0);
    const inPadding = entity.slice();
    inPadding[inPadding.length - 3] = 'x'.charCodeAt(0);
    expect(await check(report(key), inPhoto, inPadding)).toEqual([{ state: 'forged' }, { state: 'forged' }]);
  });

  it('one signed with another thread’s key, or copied from another thread, does not verify here', async () => {
    const mine = await deriveFollowupKey(newCode());
    const theirs = await deriveFollowupKey(newCode());
    expect(await check(report(mine), await followup(theirs))).toEqual([{ state: 'forged' }]);
  });

  it('the same signed follow-up twice: the second is flagged as a copy of the first', async () => {
    const key = await deriveFollowupKey(newCode());
    const entity = await followup(key);
    const other = await followup(key, 'Yon lòt bagay.');
    expect(await check(report(key), entity, other, entity.slice())).toEqual([
      { state: 'verified', sent },
      { state: 'verified', sent },
      { state: 'replayed', sent, firstSeq: 1 },
    ]);
  });

  it('a desk browser without Ed25519 (Chromium 133-136) says it cannot check, not that the tipster’s were forged', async () => {
    const key = await deriveFollowupKey(newCode());
    const signed = await followup(key);
    const unsigned = await followup(null);
    const tip = report(key);
    // Such a browser's WebCrypto refuses the algorithm by name; everything else is Node 24's own.
    const importKey = crypto.subtle.importKey.bind(crypto.subtle);
    const spy = vi.spyOn(crypto.subtle, 'importKey').mockImplementation((format, data, algorithm, ...rest) => {
      const name = typeof algorithm === 'string' ? algorithm : algorithm.name;
      if (name === 'Ed25519') return Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'));
      return (importKey as (...args: unknown[]) => Promise<CryptoKey>)(format, data, algorithm, ...rest);
    });
    try {
      expect(await check(tip, signed, unsigned)).toEqual([{ state: 'unchecked' }, { state: 'unsigned' }]);
    } finally {
      spy.mockRestore();
    }
    expect(await check(tip, signed)).toEqual([{ state: 'verified', sent }]);
  });

  it('an unsigned follow-up is said to be unsigned; a report without a key says why', async () => {
    const key = await deriveFollowupKey(newCode());
    const unsigned = await followup(null);
    expect(await check(report(key), unsigned)).toEqual([{ state: 'unsigned' }]);
    const signed = await followup(key);
    expect(await check(report(null, null), signed)).toEqual([{ state: 'no-key', reason: 'no-javascript' }]);
    expect(await check(report(null), signed)).toEqual([{ state: 'no-key', reason: 'before-signing' }]);
    expect(await check(null, signed)).toEqual([{ state: 'no-key', reason: 'no-report' }]);
    const damaged = parseEntity(
      new TextEncoder().encode(`X-Followup-Key: ed25519:nope\r\nContent-Type: text/plain\r\n\r\nx`),
    );
    expect(followupKeyOf(damaged)).toBe('damaged');
  });

  it('garbage in the signature header is read as nothing, never thrown or trusted', async () => {
    const key = await deriveFollowupKey(newCode());
    const genuine = latin1.decode(await followup(key));
    const value = parseEntity(await followup(key)).headers.get('x-followup-signature')!;
    const garbage = [
      '',
      'v2' + value.slice(2),
      value.replace('; sent=', ';sent=') + ' ',
      value.replace('nonce=', 'NONCE='),
      value.replace(sent, '2026-12-02T10:30Z'),
      value.replace(sent, '2026-12-02X10:00Z'),
      value.slice(0, -1) + '!',
      value.replace('; sig=', '; sig=!').slice(0, -1),
      `${value}; extra=1`,
      'v1; ' + 'nonce='.repeat(200),
    ];
    for (const bad of garbage) expect(readFollowupSignature(bad), bad).toBeNull();
    // In an entity: the garbage value replaces the genuine one; the desk calls it forged.
    const entities = garbage.map((bad) => {
      const line = genuine.indexOf('\r\n');
      return Uint8Array.from(`X-Followup-Signature: ${bad}${genuine.slice(line)}`, (c) => c.charCodeAt(0));
    });
    expect(new Set((await check(report(key), ...entities)).map((a) => a.state))).toEqual(new Set(['forged']));
  });

  it('an oversized header block is not hashed and not trusted', async () => {
    const key = await deriveFollowupKey(newCode());
    const genuine = latin1.decode(await followup(key));
    const line = genuine.indexOf('\r\n') + 2;
    const huge = `${genuine.slice(0, line)}X-Filler: ${'a'.repeat(20_000)}\r\n${genuine.slice(line)}`;
    const bytes = Uint8Array.from(huge, (c) => c.charCodeAt(0));
    expect(await entityBodyDigest(bytes)).toBeNull();
    expect(() => parseEntity(bytes)).toThrow('header block too large');
    // No header block at all.
    expect(await entityBodyDigest(new TextEncoder().encode('just text'))).toBeNull();
    expect(signatureSlotLine.length).toBeLessThan(998); // a mail line
    expect(fromBase64url('')).toEqual(new Uint8Array(0));
  });
});
