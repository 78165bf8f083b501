// PNG: keeps the image chunks and the ancillary chunks that change how it looks; drops the rest (tEXt, zTXt,
// iTXt, eXIf, tIME, and anything private such as C2PA or vendor chunks) and whatever follows IEND.
// If the tipster opted in, a new eXIf chunk carries only the orientation and GPS position (see exif.ts).
// Bounded: at most maxStructures chunks, kept bytes copied as ranges.
import { buildMinimalTiff, exifHeader, readKeptExif, type KeptExif } from './exif.ts';
import {
  ascii,
  be32,
  ByteAssembler,
  concat,
  crc32,
  fail,
  latin1,
  startsWith,
  structureCounter,
  u32be,
} from './bytes.ts';

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const keptChunks = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND', // critical
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'bKGD',
  'pHYs', // colour, transparency, pixel shape
  'cICP',
  'mDCV',
  'cLLI', // HDR colour
  'acTL',
  'fcTL',
  'fdAT', // animation (APNG)
]);

export function isPng(b: Uint8Array): boolean {
  return startsWith(b, signature);
}

export function stripPng(bytes: Uint8Array, keepLocation: boolean): Uint8Array {
  if (!isPng(bytes)) fail('not a PNG file');
  const out = new ByteAssembler(bytes);
  out.range(0, 8);
  const counted = structureCounter('PNG chunks');
  let exif: KeptExif | null = null;
  let exifWritten = false;
  let pos = 8;
  let ended = false;
  while (pos + 12 <= bytes.length) {
    counted();
    const length = u32be(bytes, pos);
    const type = ascii(bytes, pos + 4, 4);
    const start = pos;
    const end = pos + 12 + length;
    if (end > bytes.length) fail('PNG chunk runs past the end of the file');
    pos = end;
    if (type === 'eXIf' && !exif) {
      const data = bytes.subarray(start + 8, start + 8 + length);
      // Some writers keep JPEG's "Exif\0\0" header in front of the TIFF data.
      exif = readKeptExif(startsWith(data, exifHeader) ? data.subarray(exifHeader.length) : data, keepLocation);
      continue;
    }
    if (!keptChunks.has(type)) continue;
    if ((type === 'IDAT' || type === 'IEND') && !exifWritten) {
      exifWritten = true;
      const tiff = buildMinimalTiff(exif);
      if (tiff) out.bytes(pngChunk('eXIf', tiff));
    }
    out.range(start, end);
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended) fail('PNG file has no end chunk');
  return concat(out.parts());
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typeBytes = latin1(type);
  return concat([be32(data.length), typeBytes, data, be32(crc32([typeBytes, data]))]);
}
