// The stored armor is built without openpgp.armor (for intake speed) and must stay byte-for-byte what it writes:
// the canonical form, no client headers, the same line length, with the CRC-24 line; and GnuPG must read it.
import { randomBytes } from 'node:crypto';
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { armorMessage, crc24, dearmor } from '../../functions/pgp/armor.ts';
import { checkEnvelope } from '../../functions/pgp/envelope.ts';
import { recipientSet } from '../../functions/pgp/recipients.ts';
import { createGpg } from './helpers/gpg.ts';

/** RFC 4880 §6.1 as written: one byte at a time, the reference the sliced version must match. */
function referenceCrc24(bytes: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

describe('armor checksum (CRC-24)', () => {
  it('matches the RFC definition for every length and alignment, and the checksum openpgp.armor writes', () => {
    const pool = new Uint8Array(randomBytes(2_100));
    for (let offset = 0; offset < 4; offset++) {
      for (const length of [0, 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 1_000, 2_048]) {
        const bytes = pool.subarray(offset, offset + length);
        expect([offset, length, crc24(bytes)]).toEqual([offset, length, referenceCrc24(bytes)]);
      }
    }
    for (const length of [1, 2, 3, 45, 46, 12_000]) {
      const bytes = new Uint8Array(randomBytes(length));
      const armored = openpgp.armor(openpgp.enums.armor.message, bytes, undefined, undefined, undefined, true);
      const checksum = /\n=([A-Za-z0-9+/]{4})\n/.exec(armored)![1]!;
      const crc = crc24(bytes);
      expect(checksum).toBe(Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString('base64'));
      expect(dearmor(armored)).toEqual(bytes);
      // A wrong checksum is refused: change its first character.
      const wrong = armored.replace(`\n=${checksum}\n`, `\n=${checksum[0] === 'A' ? 'B' : 'A'}${checksum.slice(1)}\n`);
      expect(dearmor(wrong)).toBeNull();
    }
  });

  it('reads CRLF and trailing blanks like LF, but not a stray CR (as the earlier regex split did)', () => {
    const bytes = new Uint8Array(randomBytes(200));
    const armored = openpgp.armor(openpgp.enums.armor.message, bytes, undefined, undefined, undefined, true);
    expect(dearmor(armored.replaceAll('\n', '\r\n'))).toEqual(bytes);
    expect(dearmor(armored.replaceAll('\n', ' \t\r\n'))).toEqual(bytes);
    expect(dearmor(armored.replaceAll('\n', '\t \n'))).toEqual(bytes);
    expect(dearmor(armored.replaceAll('\n', '\r\r\n'))).toBeNull();
    expect(dearmor(armored.replace(/\n(?=[A-Za-z0-9+/]{60}\n)/, '\n\r'))).toBeNull();
  });
});

describe('canonical re-armoring', () => {
  it('equals openpgp.armor for every length around the line and padding boundaries, and a tip-sized message', () => {
    const lengths = [...Array.from({ length: 140 }, (_, n) => n + 1), 12_345, 16_384];
    for (const length of lengths) {
      const bytes = new Uint8Array(randomBytes(length));
      const ours = armorMessage(Buffer.from(bytes).toString('base64'), bytes);
      const reference = openpgp.armor(openpgp.enums.armor.message, bytes, undefined, undefined, undefined, true);
      expect([length, ours]).toEqual([length, reference]);
      expect(dearmor(ours)).toEqual(bytes); // and it reads back
    }
  });

  it('drops client armor headers: the same text as a plain armor of the same packets', () => {
    const bytes = new Uint8Array(randomBytes(100));
    const bare = openpgp.armor(openpgp.enums.armor.message, bytes, undefined, undefined, undefined, true);
    const withHeaders = openpgp.armor(openpgp.enums.armor.message, bytes, undefined, undefined, 'client comment', true);
    expect(withHeaders).toContain('Comment: client comment');
    const decoded = dearmor(withHeaders)!;
    expect(armorMessage(Buffer.from(decoded).toString('base64'), decoded)).toBe(bare);
  });
});

describe('what GnuPG reads', () => {
  it('decrypts the stored armor of messages of every length modulo 3 (checksum-less armor fails one in three: T7071)', async () => {
    const passphrase = 'test passphrase for gpg';
    const { privateKey, publicKey } = await openpgp.generateKey({
      userIDs: [{ name: 'Task force test', email: 'tf@example.org' }],
      passphrase,
      format: 'object',
    });
    const gpg = await createGpg();
    try {
      await gpg.importKey(privateKey.armor(), passphrase);
      const recipients = await recipientSet([publicKey], new Date());
      const residues = new Set<number>();
      for (let n = 0; residues.size < 3 && n < 60; n++) {
        const binary = await openpgp.encrypt({
          message: await openpgp.createMessage({ text: `report ${'x'.repeat(n)}` }),
          encryptionKeys: publicKey,
          format: 'binary',
        });
        if (residues.has(binary.length % 3)) continue;
        residues.add(binary.length % 3);
        const checked = await checkEnvelope(openpgp.armor(openpgp.enums.armor.message, binary), recipients, 1 << 20);
        if (!checked.ok) throw new Error(`envelope refused: ${checked.reason}`);
        expect((await gpg.decrypt(checked.armored, passphrase)).toString()).toBe(`report ${'x'.repeat(n)}`);
      }
      expect(residues.size).toBe(3);
    } finally {
      await gpg.close();
    }
  });
});
