// Hand-built OpenPGP packets for hostile-input tests, written independently of functions/pgp/packets.ts (so a bug
// there cannot hide itself): new and old format headers, partial body lengths, and a real message split apart.
import { readFileSync } from 'node:fs';
import { deflateRawSync, deflateSync } from 'node:zlib';
import * as openpgp from 'openpgp';
import { concat as concatBytes } from '../../../src/shared/report/metadata/bytes.ts';

/** A new-format packet (RFC 9580 §4.2.1) with the five-octet length, valid for any body length. */
export function newPacket(tag: number, body: Uint8Array | number[]): Uint8Array {
  const b = Uint8Array.from(body);
  const n = b.length;
  return concatBytes([
    Uint8Array.of(0xc0 | tag, 255, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff),
    b,
  ]);
}

/** An old-format packet (RFC 4880 §4.2.1) with a four-octet length (tags up to 15 only). */
export function oldPacket(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  return concatBytes([
    Uint8Array.of(0x80 | (tag << 2) | 2, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff),
    body,
  ]);
}

/** A new-format packet whose body is sent in partial lengths of 2^power bytes, then a final definite chunk. */
export function partialPacket(tag: number, body: Uint8Array, power = 9): Uint8Array {
  const chunk = 1 << power;
  const parts: Uint8Array[] = [Uint8Array.of(0xc0 | tag)];
  let at = 0;
  for (; body.length - at > chunk; at += chunk) parts.push(Uint8Array.of(224 + power), body.subarray(at, at + chunk));
  const rest = body.length - at;
  parts.push(
    rest < 192
      ? Uint8Array.of(rest)
      : Uint8Array.of(255, (rest >>> 24) & 0xff, (rest >>> 16) & 0xff, (rest >>> 8) & 0xff, rest & 0xff),
  );
  parts.push(body.subarray(at));
  return concatBytes(parts);
}

/** The top-level packets of a binary message, as { tag, body } (definite lengths only: OpenPGP.js writes those). */
export function splitPackets(binary: Uint8Array): Array<{ tag: number; body: Uint8Array }> {
  const out: Array<{ tag: number; body: Uint8Array }> = [];
  let p = 0;
  while (p < binary.length) {
    const tag = binary[p]! & 0x3f;
    const l0 = binary[p + 1]!;
    let length: number;
    let size: number;
    if (l0 < 192) [length, size] = [l0, 1];
    else if (l0 < 224) [length, size] = [((l0 - 192) << 8) + binary[p + 2]! + 192, 2];
    else if (l0 === 255) [length, size] = [new DataView(binary.buffer, binary.byteOffset + p + 2, 4).getUint32(0), 5];
    else throw new Error('partial lengths are not expected here');
    out.push({ tag, body: binary.subarray(p + 1 + size, p + 1 + size + length) });
    p += 1 + size + length;
  }
  return out;
}

export const armorBinary = (bytes: Uint8Array) => openpgp.armor(openpgp.enums.armor.message, bytes);

/** Compressed-data packet bodies (algorithm byte + data) that inflate to many zeros. */
export const bombs = {
  /** bzip2 of 256 MiB of zeros: 208 bytes (`head -c 256M /dev/zero | bzip2 -9`). */
  bzip2: () =>
    concatBytes([
      Uint8Array.of(3),
      new Uint8Array(readFileSync(new URL('../../fixtures/zeros-256mib.bz2', import.meta.url))),
    ]),
  /** ZIP (raw deflate) of 64 MiB of zeros: about 64 KB. */
  zip: () => concatBytes([Uint8Array.of(1), new Uint8Array(deflateRawSync(Buffer.alloc(64 << 20), { level: 9 }))]),
  /** ZLIB of 64 MiB of zeros. */
  zlib: () => concatBytes([Uint8Array.of(2), new Uint8Array(deflateSync(Buffer.alloc(64 << 20), { level: 9 }))]),
};
