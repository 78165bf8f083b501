// OpenPGP packet framing on the wire (RFC 9580 §4.2, RFC 4880 §4.2): reads each packet's tag and length, and
// nothing inside the body, so a message can be refused for its packet types before any library decodes or
// decompresses a byte of it (OpenPGP.js inflates a compressed packet while *parsing* it: a 1 KB bomb cost seconds
// and gigabytes). And writes packets back with canonical new-format headers, which is what the tip line stores.
//
// Work is linear in the input and memory at most one copy of it: headers are read in one pass; a body sent in
// partial lengths (allowed only for the data packet types, as the RFC says) is measured in a first pass over its
// chunk headers and copied into one buffer in a second. Nothing is allocated per chunk.

/** Packet tags the tip line deals with (RFC 9580 §5). */
export const packetTag = {
  publicKeyEncryptedSessionKey: 1,
  compressedData: 8,
  literalData: 11,
  symEncryptedIntegrityProtectedData: 18,
} as const;

/** Packet types whose body may come in partial lengths (RFC 9580 §4.2.1.4). */
const partialAllowed: ReadonlySet<number> = new Set([8, 9, 11, 18, 20]);
/** The first partial chunk must be at least this long (RFC 9580 §4.2.1.4). */
const minFirstPartial = 512;

export interface Packet {
  tag: number;
  /** The body: a view of the input, or one joined copy when it came in partial lengths. */
  body: Uint8Array;
}

export type PacketsResult =
  | { ok: true; packets: Packet[] }
  /** `tag` was refused by the caller before its body was read. */
  | { ok: false; refusedTag: number; reason: string }
  /** The framing is broken (a length past the end, a reserved tag, too many packets…). Never quotes the input. */
  | { ok: false; refusedTag?: undefined; reason: string };

export interface ReadPacketsOptions {
  /** Called with each packet's tag, in order, before its body is touched: false stops the walk at once. */
  accept: (tag: number) => boolean;
  /** More packets than this is a refusal (bounds the work and the list). */
  maxPackets: number;
}

interface Length {
  /** Body length, or the chunk length when `partial`. */
  length: number;
  /** Bytes of the length field itself. */
  size: number;
  partial: boolean;
}

/** A new-format length field at `at` (RFC 9580 §4.2.1), or null when it runs past the end. */
function newLength(bytes: Uint8Array, at: number): Length | null {
  const first = bytes[at];
  if (first === undefined) return null;
  if (first < 192) return { length: first, size: 1, partial: false };
  if (first < 224) {
    const second = bytes[at + 1];
    if (second === undefined) return null;
    return { length: ((first - 192) << 8) + second + 192, size: 2, partial: false };
  }
  if (first < 255) return { length: 1 << (first & 0x1f), size: 1, partial: true };
  if (at + 5 > bytes.length) return null;
  const length = ((bytes[at + 1]! << 24) >>> 0) + (bytes[at + 2]! << 16) + (bytes[at + 3]! << 8) + bytes[at + 4]!;
  return { length, size: 5, partial: false };
}

/** An old-format length field (RFC 4880 §4.2.1); the indeterminate type (3) is refused. */
function oldLength(bytes: Uint8Array, at: number, type: number): Length | null {
  const size = type === 0 ? 1 : type === 1 ? 2 : type === 2 ? 4 : 0;
  if (size === 0 || at + size > bytes.length) return null;
  let length = 0;
  for (let i = 0; i < size; i++) length = length * 256 + bytes[at + i]!;
  return { length, size, partial: false };
}

export function readPackets(bytes: Uint8Array, options: ReadPacketsOptions): PacketsResult {
  const packets: Packet[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const ctb = bytes[pos]!;
    if ((ctb & 0x80) === 0) return { ok: false, reason: 'not a packet header' };
    const newFormat = (ctb & 0x40) !== 0;
    const tag = newFormat ? ctb & 0x3f : (ctb >> 2) & 0x0f;
    if (tag === 0) return { ok: false, reason: 'reserved packet tag 0' };
    if (packets.length >= options.maxPackets) return { ok: false, reason: 'too many packets' };
    if (!options.accept(tag)) return { ok: false, refusedTag: tag, reason: `packet type ${tag} is not allowed` };

    const first = newFormat ? newLength(bytes, pos + 1) : oldLength(bytes, pos + 1, ctb & 0x03);
    if (!first) return { ok: false, reason: 'packet header runs past the end' };
    const start = pos + 1 + first.size;
    if (!first.partial) {
      const end = start + first.length;
      if (end > bytes.length) return { ok: false, reason: 'packet runs past the end' };
      packets.push({ tag, body: bytes.subarray(start, end) });
      pos = end;
      continue;
    }
    if (!partialAllowed.has(tag)) return { ok: false, reason: 'partial length on a packet that cannot have one' };
    if (first.length < minFirstPartial) return { ok: false, reason: 'first partial length shorter than 512' };
    const joined = joinPartialBody(bytes, start, first.length);
    if (!joined) return { ok: false, reason: 'partial body runs past the end' };
    packets.push({ tag, body: joined.body });
    pos = joined.end;
  }
  return { ok: true, packets };
}

/** A body in partial lengths: measured over its chunk headers, then copied once. Null if it runs past the end. */
function joinPartialBody(
  bytes: Uint8Array,
  start: number,
  firstLength: number,
): { body: Uint8Array; end: number } | null {
  let total = 0;
  let at = start;
  let chunk = firstLength;
  for (;;) {
    if (at + chunk > bytes.length) return null;
    total += chunk;
    at += chunk;
    const next = newLength(bytes, at);
    if (!next) return null;
    at += next.size;
    chunk = next.length;
    if (!next.partial) {
      if (at + chunk > bytes.length) return null;
      total += chunk;
      break;
    }
  }
  const body = new Uint8Array(total);
  let out = 0;
  at = start;
  chunk = firstLength;
  for (;;) {
    body.set(bytes.subarray(at, at + chunk), out);
    out += chunk;
    at += chunk;
    const next = newLength(bytes, at)!;
    at += next.size;
    chunk = next.length;
    if (!next.partial) {
      body.set(bytes.subarray(at, at + chunk), out);
      return { body, end: at + chunk };
    }
  }
}

/** The canonical new-format header for a body of `length` bytes (what OpenPGP.js and GnuPG write). */
function header(tag: number, length: number): Uint8Array {
  if (length < 192) return Uint8Array.of(0xc0 | tag, length);
  if (length < 8384) return Uint8Array.of(0xc0 | tag, ((length - 192) >> 8) + 192, (length - 192) & 0xff);
  return Uint8Array.of(
    0xc0 | tag,
    255,
    (length >>> 24) & 0xff,
    (length >>> 16) & 0xff,
    (length >>> 8) & 0xff,
    length & 0xff,
  );
}

/** The packets written back one after the other, each with a canonical header and a definite length. */
export function writePackets(packets: readonly Packet[]): Uint8Array {
  const headers = packets.map((p) => header(p.tag, p.body.length));
  const out = new Uint8Array(packets.reduce((n, p, i) => n + headers[i]!.length + p.body.length, 0));
  let at = 0;
  packets.forEach((p, i) => {
    out.set(headers[i]!, at);
    at += headers[i]!.length;
    out.set(p.body, at);
    at += p.body.length;
  });
  return out;
}
