// Reads the two things worth keeping from a photo's EXIF (TIFF) block and writes a new, minimal block
// holding only them:
// - the orientation, so that a portrait photo is not shown on its side (it says nothing about anyone);
// - when the tipster opted in, the GPS position: latitude, longitude, altitude and their references only.
//   GPS date and time, speed, direction and the like are dropped even then, because the tipster agreed to
//   share where, not when or how.
// Everything else (camera make, model and serial number, owner name, software, dates, thumbnails, maker
// notes) is left behind simply by never being copied. A block that cannot be read keeps nothing.

export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  /** The value's bytes in the source's byte order (we write the new block in that same order). */
  value: Uint8Array;
}

export interface KeptExif {
  littleEndian: boolean;
  orientation?: number;
  gps: TiffEntry[];
}

const orientationTag = 0x0112;
const gpsPointerTag = 0x8825;
/** GPSVersionID, GPSLatitudeRef, GPSLatitude, GPSLongitudeRef, GPSLongitude, GPSAltitudeRef, GPSAltitude. */
const gpsPositionTags = new Set([0, 1, 2, 3, 4, 5, 6]);
const typeSizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };
/** Far more than any position value needs (a latitude is 24 bytes); caps what a crafted file can make us copy. */
const maxValueBytes = 64;

/** The "Exif\0\0" header that precedes the TIFF data in a JPEG APP1 segment (and in some WebP files). */
export const exifHeader = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00] as const;

export function readKeptExif(tiff: Uint8Array, keepLocation: boolean): KeptExif | null {
  try {
    return parse(tiff, keepLocation);
  } catch {
    return null;
  }
}

function parse(tiff: Uint8Array, keepLocation: boolean): KeptExif | null {
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return null;
  const le = order === 0x4949;
  if (view.getUint16(2, le) !== 42) return null;
  const ifd0 = readIfd(tiff, view, view.getUint32(4, le), le);
  const kept: KeptExif = { littleEndian: le, gps: [] };
  const orientation = ifd0.find((e) => e.tag === orientationTag && e.type === 3 && e.count === 1);
  if (orientation) {
    const v = new DataView(orientation.value.buffer, orientation.value.byteOffset).getUint16(0, le);
    if (v >= 1 && v <= 8) kept.orientation = v;
  }
  const pointer = ifd0.find((e) => e.tag === gpsPointerTag && e.type === 4 && e.count === 1);
  if (keepLocation && pointer) {
    const offset = new DataView(pointer.value.buffer, pointer.value.byteOffset).getUint32(0, le);
    kept.gps = readIfd(tiff, view, offset, le).filter((e) => gpsPositionTags.has(e.tag));
  }
  return kept;
}

function readIfd(tiff: Uint8Array, view: DataView, offset: number, le: boolean): TiffEntry[] {
  const count = view.getUint16(offset, le);
  const entries: TiffEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = offset + 2 + i * 12;
    const tag = view.getUint16(at, le);
    const type = view.getUint16(at + 2, le);
    const n = view.getUint32(at + 4, le);
    const size = (typeSizes[type] ?? 0) * n;
    if (size === 0 || size > maxValueBytes) continue;
    const start = size <= 4 ? at + 8 : view.getUint32(at + 8, le);
    if (start + size > tiff.length) throw new RangeError('EXIF value outside the block');
    entries.push({ tag, type, count: n, value: tiff.slice(start, start + size) });
  }
  return entries;
}

/** A TIFF block with IFD0 (orientation, GPS pointer) and the GPS IFD; null when there is nothing to keep. */
export function buildMinimalTiff(kept: KeptExif | null): Uint8Array | null {
  if (!kept) return null;
  const orientation = kept.orientation !== undefined && kept.orientation !== 1 ? kept.orientation : undefined;
  const gps = [...kept.gps].sort((a, b) => a.tag - b.tag);
  const n0 = (orientation !== undefined ? 1 : 0) + (gps.length ? 1 : 0);
  if (n0 === 0) return null;
  const le = kept.littleEndian;
  const ifd0At = 8;
  const gpsAt = ifd0At + 2 + n0 * 12 + 4;
  const dataAt = gpsAt + (gps.length ? 2 + gps.length * 12 + 4 : 0);
  const dataSize = gps.reduce((n, e) => n + (e.value.length > 4 ? e.value.length + (e.value.length & 1) : 0), 0);
  const out = new Uint8Array(dataAt + dataSize);
  const view = new DataView(out.buffer);
  view.setUint16(0, le ? 0x4949 : 0x4d4d);
  view.setUint16(2, 42, le);
  view.setUint32(4, ifd0At, le);

  let at = ifd0At;
  view.setUint16(at, n0, le);
  at += 2;
  if (orientation !== undefined) {
    writeEntryHead(view, at, orientationTag, 3, 1, le);
    view.setUint16(at + 8, orientation, le);
    at += 12;
  }
  if (gps.length) {
    writeEntryHead(view, at, gpsPointerTag, 4, 1, le);
    view.setUint32(at + 8, gpsAt, le);
    at += 12;
  }
  view.setUint32(at, 0, le); // no next IFD: no thumbnail

  if (gps.length) {
    at = gpsAt;
    view.setUint16(at, gps.length, le);
    at += 2;
    let data = dataAt;
    for (const e of gps) {
      writeEntryHead(view, at, e.tag, e.type, e.count, le);
      if (e.value.length <= 4) {
        out.set(e.value, at + 8);
      } else {
        view.setUint32(at + 8, data, le);
        out.set(e.value, data);
        data += e.value.length + (e.value.length & 1);
      }
      at += 12;
    }
    view.setUint32(at, 0, le);
  }
  return out;
}

function writeEntryHead(view: DataView, at: number, tag: number, type: number, count: number, le: boolean): void {
  view.setUint16(at, tag, le);
  view.setUint16(at + 2, type, le);
  view.setUint32(at + 4, count, le);
}
