// WebP (RIFF): keeps the image chunks and drops EXIF, XMP and any unknown chunk, then fixes the RIFF size and
// the VP8X flags so that the file stays valid. Only the extended format (VP8X) can carry metadata at all.
// If the tipster opted in, a new EXIF chunk carries only the orientation and GPS position (see exif.ts).
import { buildMinimalTiff, exifHeader, readKeptExif, type KeptExif } from './exif.ts';
import { ascii, concat, fail, latin1, le32, u32le } from './bytes.ts';

const keptChunks = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);
const exifFlag = 0x08;
const xmpFlag = 0x04;

export function isWebp(b: Uint8Array): boolean {
  return ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP';
}

export function stripWebp(bytes: Uint8Array, keepLocation: boolean): Uint8Array {
  if (!isWebp(bytes)) fail('not a WebP file');
  const riffEnd = Math.min(bytes.length, 8 + u32le(bytes, 4));
  const chunks: Uint8Array[] = [];
  let exif: KeptExif | null = null;
  let vp8x: Uint8Array | null = null;
  let pos = 12;
  while (pos + 8 <= riffEnd) {
    const type = ascii(bytes, pos, 4);
    const size = u32le(bytes, pos + 4);
    const end = pos + 8 + size + (size & 1);
    if (pos + 8 + size > riffEnd) fail('WebP chunk runs past the end of the file');
    const data = bytes.subarray(pos + 8, pos + 8 + size);
    // A copy with its padding byte, so the result is aligned whatever the source did at the very end.
    const chunk = concat([bytes.subarray(pos, pos + 8 + size), new Uint8Array(size & 1)]);
    pos = Math.min(end, riffEnd);
    if (type === 'EXIF' && !exif) {
      exif = readKeptExif(data.subarray(startsWithExifHeader(data) ? exifHeader.length : 0), keepLocation);
      continue;
    }
    if (!keptChunks.has(type)) continue;
    if (type === 'VP8X') {
      if (size < 10) fail('WebP VP8X chunk is too short');
      vp8x = chunk;
    }
    chunks.push(chunk);
  }
  if (chunks.length === 0) fail('WebP file has no image');
  const tiff = vp8x ? buildMinimalTiff(exif) : null;
  if (vp8x) {
    // Flags live in the first payload byte, after the 8-byte chunk header.
    vp8x[8] = (vp8x[8]! & ~(exifFlag | xmpFlag)) | (tiff ? exifFlag : 0);
  }
  if (tiff) chunks.push(concat([latin1('EXIF'), le32(tiff.length), tiff, new Uint8Array(tiff.length & 1)]));
  const body = concat(chunks);
  return concat([latin1('RIFF'), le32(4 + body.length), latin1('WEBP'), body]);
}

function startsWithExifHeader(data: Uint8Array): boolean {
  return exifHeader.every((v, i) => data[i] === v);
}
