// Small byte helpers shared by the image format rewriters. Every read is bounds-checked: a truncated or
// crafted file must end in a MetadataError, never in reading past the end or in a half-cleaned file.
// Work and memory are bounded per byte: a rewriter copies byte ranges of the source (ByteAssembler), and no file
// may have more than maxStructures segments or chunks (a 10 MiB "JPEG" of 5 million markers once cost 6–14 s and
// 1.2 GB, one small array per marker).

export class MetadataError extends Error {
  override name = 'MetadataError';
}

export function fail(message: string): never {
  throw new MetadataError(message);
}

export function u16be(b: Uint8Array, at: number): number {
  if (at < 0 || at + 2 > b.length) fail('unexpected end of image data');
  return (b[at]! << 8) | b[at + 1]!;
}

export function u32be(b: Uint8Array, at: number): number {
  if (at < 0 || at + 4 > b.length) fail('unexpected end of image data');
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

export function u32le(b: Uint8Array, at: number): number {
  if (at < 0 || at + 4 > b.length) fail('unexpected end of image data');
  return ((b[at + 3]! << 24) >>> 0) + (b[at + 2]! << 16) + (b[at + 1]! << 8) + b[at]!;
}

export function ascii(b: Uint8Array, at: number, length: number): string {
  if (at < 0 || at + length > b.length) return '';
  let text = '';
  for (let i = at; i < at + length; i++) text += String.fromCharCode(b[i]!);
  return text;
}

export function startsWith(b: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (at + prefix.length > b.length) return false;
  return prefix.every((v, i) => b[at + i] === v);
}

/**
 * Segments (JPEG) or chunks (PNG, WebP) a file may have. Real photos have tens (a PNG of 10 MB in 8 KB IDAT
 * chunks: about 1,300); more is a crafted file, refused before it can cost per-structure work.
 */
export const maxStructures = 10_000;

/** Counts a file's segments or chunks and refuses the file past maxStructures. */
export function structureCounter(kind: string): () => void {
  let count = 0;
  return () => {
    if (++count > maxStructures) fail(`more than ${maxStructures} ${kind}`);
  };
}

/**
 * Builds the cleaned file out of ranges of the source and a few new byte strings, copied once at the end. Ranges
 * that touch are joined, so kept runs of segments cost one piece, not one array each.
 */
export class ByteAssembler {
  private readonly pieces: Uint8Array[] = [];
  private openStart = -1;
  private openEnd = -1;
  private readonly source: Uint8Array;
  constructor(source: Uint8Array) {
    this.source = source;
  }

  /** Keeps source[start, end). */
  range(start: number, end: number): void {
    if (start === this.openEnd) {
      this.openEnd = end;
      return;
    }
    this.flush();
    this.openStart = start;
    this.openEnd = end;
  }

  /** Adds new bytes (a rewritten header, padding). */
  bytes(bytes: Uint8Array): void {
    this.flush();
    this.pieces.push(bytes);
  }

  /** The pieces so far, in order (views of the source and the added bytes). */
  parts(): Uint8Array[] {
    this.flush();
    return this.pieces;
  }

  private flush(): void {
    if (this.openStart >= 0 && this.openEnd > this.openStart)
      this.pieces.push(this.source.subarray(this.openStart, this.openEnd));
    this.openStart = this.openEnd = -1;
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytesOf(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

export function be16(v: number): Uint8Array {
  return bytesOf((v >>> 8) & 0xff, v & 0xff);
}

export function be32(v: number): Uint8Array {
  return bytesOf((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

export function le32(v: number): Uint8Array {
  return bytesOf(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

export function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

let crcTable: Uint32Array | undefined;

/** CRC-32 as PNG uses it (ISO 3309), over the chunk type and data. */
export function crc32(parts: readonly Uint8Array[]): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const p of parts) for (const byte of p) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
