// ASCII armor for OpenPGP messages (RFC 4880 §6, RFC 9580 §6): the strict reader every armored tip passes, and the
// canonical writer for what is stored and mailed. Pure, linear in the text, no regular expression over a line.

/**
 * The canonical armor of a message: exactly what openpgp.armor(enums.armor.message, bytes, …, emitChecksum: true)
 * writes (no header lines, 60-character lines), without its stream machinery. The CRC-24 line is not optional:
 * GnuPG 2.2 cannot read checksum-less armor whose base64 ends without "=" padding (GnuPG bug T7071), which is one
 * message in three. tests/functions/envelope-armor.test.ts holds it to both.
 */
export function armorMessage(base64: string, bytes: Uint8Array): string {
  let body = '';
  for (let i = 0; i < base64.length; i += 60) body += base64.slice(i, i + 60) + '\n';
  const crc = crc24(bytes);
  const checksum = Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
  return `-----BEGIN PGP MESSAGE-----\n\n${body}=${checksum}\n-----END PGP MESSAGE-----\n`;
}

/**
 * Armor lines are at most 76 characters (RFC 9580 §6.3); a header line may be longer, but not this long. Any longer
 * line refuses the text before anything else looks at it, so no later step works on a line of megabytes.
 */
export const maxArmorLineLength = 1000;

/**
 * Strict ASCII armor decoding (RFC 4880 §6.2): one PGP MESSAGE block, nothing but whitespace around it, header
 * lines allowed (and dropped), base64 body, optional CRC-24 that must match. OpenPGP.js's own reader ignores text
 * around the block; a tip must not be able to smuggle plaintext there.
 * Linear in the text: one scan for line lengths, a split, loops over character codes (never a regular expression
 * that could backtrack over a line: the old trailing-blank regex was quadratic), native base64 and CRC-24.
 */
export function dearmor(text: string): Uint8Array | null {
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end - start > maxArmorLineLength + 1) return null; // + 1: a CR before the LF
    start = end + 1;
  }
  // Lines end in LF or CRLF: split on LF, then drop one CR and trailing blanks (a string split is much cheaper
  // than a regex split).
  const lines = text.trim().split('\n').map(withoutTrailingBlanks);
  if (lines.length < 3 || lines[0] !== '-----BEGIN PGP MESSAGE-----' || lines.at(-1) !== '-----END PGP MESSAGE-----') {
    return null;
  }
  let i = 1;
  for (; i < lines.length - 1 && lines[i] !== ''; i++) {
    if (!isHeaderLine(lines[i]!)) return null; // a header line, or the blank line is missing
  }
  if (lines[i] !== '') return null;
  const body = lines.slice(i + 1, -1);
  let checksum: string | null = null;
  if (body.length > 0 && body.at(-1)!.startsWith('=')) checksum = body.pop()!.slice(1);
  const b64 = body.join('');
  if (b64.length === 0 || b64.length % 4 !== 0) return null;
  const decoded = Buffer.from(b64, 'base64');
  // Node's decoder skips characters outside the alphabet; encoding back must give the very same text, which
  // rejects any stray character (and non-canonical padding) at native speed, unlike a regular expression.
  if (decoded.toString('base64') !== b64) return null;
  const bytes = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  if (checksum !== null) {
    if (checksum.length !== 4) return null;
    const expected = Buffer.from(checksum, 'base64');
    if (expected.toString('base64') !== checksum) return null;
    const crc = crc24(bytes);
    if (expected[0] !== crc >> 16 || expected[1] !== ((crc >> 8) & 0xff) || expected[2] !== (crc & 0xff)) return null;
  }
  return bytes;
}

/** The line without one trailing CR and then without trailing spaces and tabs. */
function withoutTrailingBlanks(line: string): string {
  let end = line.length;
  if (line.charCodeAt(end - 1) === 13) end--;
  for (let c = line.charCodeAt(end - 1); c === 32 || c === 9; c = line.charCodeAt(end - 1)) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** "Key: value": a key without colons or blanks, then a colon and a space (RFC 4880 §6.2). */
function isHeaderLine(line: string): boolean {
  const colon = line.indexOf(': ');
  if (colon < 1) return false;
  for (let i = 0; i < colon; i++) {
    const c = line.charCodeAt(i);
    if (c === 58 || c <= 32) return false;
  }
  return true;
}

// CRC-24 (RFC 4880 §6.1) sliced by four, byte-reflected, as OpenPGP.js computes it: a 16 KB tip's checksum is
// checked on every request, and the plain byte-at-a-time loop was a third of dearmor's time. Tested against
// openpgp.armor's own checksums (tests/functions/envelope-armor.test.ts).
const crcTables = (() => {
  const t0 = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 16;
    for (let j = 0; j < 8; j++) crc = (crc << 1) ^ ((crc & 0x800000) !== 0 ? 0x864cfb : 0);
    t0[i] = ((crc & 0xff0000) >> 16) | (crc & 0x00ff00) | ((crc & 0x0000ff) << 16); // byte order reversed
  }
  const t1 = new Int32Array(256);
  const t2 = new Int32Array(256);
  const t3 = new Int32Array(256);
  for (let i = 0; i < 256; i++) t1[i] = (t0[i]! >> 8) ^ t0[t0[i]! & 0xff]!;
  for (let i = 0; i < 256; i++) t2[i] = (t1[i]! >> 8) ^ t0[t1[i]! & 0xff]!;
  for (let i = 0; i < 256; i++) t3[i] = (t2[i]! >> 8) ^ t0[t2[i]! & 0xff]!;
  return [t0, t1, t2, t3] as const;
})();
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The CRC-24 of `bytes`, as a number 0xRRGGBB (the order the armor's checksum gives its three bytes). */
export function crc24(bytes: Uint8Array): number {
  const [t0, t1, t2, t3] = crcTables;
  let crc = 0xce04b7; // the initial 0xB704CE, byte-reversed
  let i = 0;
  // Byte by byte up to a 4-byte boundary, then a word at a time (little-endian only), then the tail.
  if (littleEndian) {
    for (; i < bytes.length && (bytes.byteOffset + i) % 4 !== 0; i++) crc = (crc >>> 8) ^ t0[(crc & 0xff) ^ bytes[i]!]!;
    const words = Math.floor((bytes.length - i) / 4);
    const view = words > 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset + i, words) : [];
    for (let w = 0; w < words; w++) {
      crc ^= view[w]!;
      crc = t0[(crc >>> 24) & 0xff]! ^ t1[(crc >>> 16) & 0xff]! ^ t2[(crc >>> 8) & 0xff]! ^ t3[crc & 0xff]!;
    }
    i += words * 4;
  }
  for (; i < bytes.length; i++) crc = (crc >>> 8) ^ t0[(crc & 0xff) ^ bytes[i]!]!;
  // Back to the usual byte order.
  return ((crc & 0xff) << 16) | (crc & 0xff00) | ((crc >>> 16) & 0xff);
}
