// JPEG: keeps only what a decoder needs and drops every other segment. An allow-list, not a block-list, so
// that metadata in segments nobody thought of (APP3..APP13 Photoshop/IPTC, APP15, COM, maker-specific
// segments) goes too. Everything after the end-of-image marker goes as well: phones append secondary images
// there (depth maps, HDR gain maps, MPF previews) which carry their own metadata.
// Kept: frame and scan headers, tables, restart intervals; APP0 JFIF without its thumbnail; APP2 ICC colour
// profiles (colour data only); APP14 Adobe (needed to decode CMYK); and a new, minimal APP1 Exif holding
// only the orientation and, if the tipster opted in, the GPS position (see exif.ts).
// Bounded: at most maxStructures segments, restart markers only inside a scan, kept bytes copied as ranges.
import { buildMinimalTiff, exifHeader, readKeptExif, type KeptExif } from './exif.ts';
import { ascii, be16, ByteAssembler, bytesOf, concat, fail, startsWith, structureCounter, u16be } from './bytes.ts';

const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;

export function isJpeg(b: Uint8Array): boolean {
  return startsWith(b, [0xff, 0xd8, 0xff]);
}

/** Segments a decoder needs: SOF0..SOF15 with DHT (C4) and DAC (CC) but not JPG (C8); DNL, DRI, DHP, EXP; DQT; SOS. */
function isCodingSegment(marker: number): boolean {
  return (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc8) || (marker >= 0xda && marker <= 0xdf);
}

export function stripJpeg(bytes: Uint8Array, keepLocation: boolean): Uint8Array {
  if (!isJpeg(bytes)) fail('not a JPEG file');
  const kept = new ByteAssembler(bytes);
  const counted = structureCounter('JPEG segments');
  let exif: KeptExif | null = null;
  let jfif: Uint8Array | null = null;
  let pos = 2;
  let ended = false;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) {
      // Stray bytes between segments (some encoders leave them; decoders skip them): dropped, not copied.
      pos++;
      continue;
    }
    while (bytes[pos + 1] === 0xff) pos++; // fill bytes before a marker
    const marker = bytes[pos + 1];
    if (marker === undefined) break;
    if (marker === EOI) {
      ended = true;
      break;
    }
    // Restart markers belong inside a scan's entropy-coded data (copied with it below), TEM nowhere in a photo:
    // decoders refuse them out here, and a file made of millions of them is an attack on the cleaner.
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) fail('JPEG marker outside a scan');
    counted();
    const length = u16be(bytes, pos + 2);
    if (length < 2 || pos + 2 + length > bytes.length) fail('JPEG segment runs past the end of the file');
    const start = pos;
    const payload = bytes.subarray(pos + 4, pos + 2 + length);
    pos += 2 + length;

    if (marker === APP1 && !exif && startsWith(payload, exifHeader)) {
      exif = readKeptExif(payload.subarray(exifHeader.length), keepLocation);
    } else if (marker === APP0 && !jfif && ascii(payload, 0, 5) === 'JFIF\0' && payload.length >= 14) {
      jfif = withoutThumbnail(payload);
    } else if (
      (marker === APP2 && ascii(payload, 0, 12) === 'ICC_PROFILE\0') ||
      (marker === APP14 && ascii(payload, 0, 5) === 'Adobe')
    ) {
      kept.range(start, pos);
    } else if (isCodingSegment(marker)) {
      kept.range(start, pos);
    }
    if (marker === SOS) {
      const end = endOfEntropyData(bytes, pos);
      kept.range(pos, end);
      pos = end;
    }
  }
  const tiff = buildMinimalTiff(exif);
  const head: Uint8Array[] = [bytesOf(0xff, 0xd8)];
  if (jfif) head.push(bytesOf(0xff, APP0), be16(jfif.length + 2), jfif);
  if (tiff) {
    const payload = concat([Uint8Array.from(exifHeader), tiff]);
    head.push(bytesOf(0xff, APP1), be16(payload.length + 2), payload);
  }
  return concat([...head, ...kept.parts(), ...(ended ? [bytesOf(0xff, EOI)] : [])]);
}

/** JFIF APP0 with the thumbnail dimensions set to zero and the thumbnail itself dropped. */
function withoutThumbnail(payload: Uint8Array): Uint8Array {
  const out = payload.slice(0, 14);
  out[12] = 0;
  out[13] = 0;
  return out;
}

/**
 * Entropy-coded data runs until the first marker that is not a stuffed 0xFF00 or a restart marker (which
 * are copied as they are). A file cut short simply ends here.
 */
function endOfEntropyData(b: Uint8Array, from: number): number {
  let i = from;
  while (i < b.length - 1) {
    if (b[i] === 0xff) {
      const next = b[i + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        i += 2;
        continue;
      }
      return i;
    }
    i++;
  }
  return b.length;
}
