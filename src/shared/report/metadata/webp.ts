// WebP (RIFF): keeps the image chunks and drops EXIF, XMP and any unknown chunk, then fixes the RIFF size and
// the VP8X flags so that the file stays valid. Only the extended format (VP8X) can carry metadata at all.
// If the tipster opted in, a new EXIF chunk carries only the orientation and GPS position (see exif.ts).
// Bounded: at most maxStructures chunks, kept bytes copied as ranges.
import { buildMinimalTiff, exifHeader, readKeptExif, type KeptExif } from './exif.ts';
import { ascii, ByteAssembler, concat, fail, latin1, le32, structureCounter, u32le } from './bytes.ts';

const keptChunks = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);
const exifFlag = 0x08;
const xmpFlag = 0x04;

export function isWebp(b: Uint8Array): boolean {
  return ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP';
}

export function stripWebp(bytes: Uint8Array, keepLocation: boolean): Uint8Array {
  if (!isWebp(bytes)) fail('not a WebP file');
  const riffEnd = Math.min(bytes.length, 8 + u32le(bytes, 4));
  const chunks = new ByteAssembler(bytes);
  const counted = structureCounter('WebP chunks');
  let exif: KeptExif | null = null;
  let vp8x: Uint8Array | null = null;
  let images = 0;
  let pos = 12;
  while (pos + 8 <= riffEnd) {
    counted();
    const type = ascii(bytes, pos, 4);
    const size = u32le(bytes, pos + 4);
    const start = pos;
    const dataEnd = pos + 8 + size;
    if (dataEnd > riffEnd) fail('WebP chunk runs past the end of the file');
    pos = Math.min(dataEnd + (size & 1), riffEnd);
    if (type === 'EXIF' && !exif) {
      const data = bytes.subarray(start + 8, dataEnd);
      exif = readKeptExif(data.subarray(startsWithExifHeader(data) ? exifHeader.length : 0), keepLocation);
      continue;
    }
    if (!keptChunks.has(type)) continue;
    images++;
    if (type === 'VP8X') {
      if (size < 10) fail('WebP VP8X chunk is too short');
      // A copy, since its flags are rewritten below (flags live in the first payload byte).
      vp8x = bytes.slice(start, dataEnd);
      chunks.bytes(vp8x);
    } else {
      chunks.range(start, dataEnd);
    }
    // The padding byte is written as zero, whatever (or whether) the source had, so the result stays aligned.
    if (size & 1) chunks.bytes(zero);
  }
  if (images === 0) fail('WebP file has no image');
  const tiff = vp8x ? buildMinimalTiff(exif) : null;
  if (vp8x) vp8x[8] = (vp8x[8]! & ~(exifFlag | xmpFlag)) | (tiff ? exifFlag : 0);
  if (tiff) chunks.bytes(concat([latin1('EXIF'), le32(tiff.length), tiff, new Uint8Array(tiff.length & 1)]));
  const body = chunks.parts();
  const length = body.reduce((n, part) => n + part.length, 0);
  return concat([latin1('RIFF'), le32(4 + length), latin1('WEBP'), ...body]);
}

const zero = new Uint8Array(1);

function startsWithExifHeader(data: Uint8Array): boolean {
  return exifHeader.every((v, i) => data[i] === v);
}
