// A small EXIF reader for the tests: finds a JPEG's GPS position, independently of the code that strips it.
// Walks the JPEG segments up to the image data, parses every APP1 "Exif" block (either byte order) and reads
// GPSLatitude/GPSLongitude from the GPS sub-IFD.

export interface GpsPosition {
  latitude: number;
  longitude: number;
}

/** Marker bytes of every segment before the image data (SOS), e.g. 0xe1 for APP1. */
export function jpegSegments(bytes: Uint8Array): Array<{ marker: number; data: Uint8Array }> {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG');
  const out: Array<{ marker: number; data: Uint8Array }> = [];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new Error(`bad JPEG segment at ${at}`);
    const marker = bytes[at + 1]!;
    if (marker === 0xd9) break;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    out.push({ marker, data: bytes.subarray(at + 4, at + 2 + length) });
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    at += 2 + length;
  }
  return out;
}

export function readJpegGps(bytes: Uint8Array): GpsPosition | null {
  for (const { marker, data } of jpegSegments(bytes)) {
    if (marker !== 0xe1) continue;
    if (new TextDecoder('latin1').decode(data.subarray(0, 6)) !== 'Exif\0\0') continue;
    const gps = gpsFromTiff(data.subarray(6));
    if (gps) return gps;
  }
  return null;
}

function gpsFromTiff(tiff: Uint8Array): GpsPosition | null {
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = tiff[0] === 0x49;
  const u16 = (o: number) => view.getUint16(o, little);
  const u32 = (o: number) => view.getUint32(o, little);
  const entries = (ifdOffset: number) => {
    const map = new Map<number, { type: number; count: number; valueAt: number }>();
    const n = u16(ifdOffset);
    for (let i = 0; i < n; i++) {
      const at = ifdOffset + 2 + i * 12;
      const type = u16(at + 2);
      const count = u32(at + 4);
      const size = ({ 1: 1, 2: 1, 3: 2, 4: 4, 5: 8 } as Record<number, number>)[type] ?? 1;
      map.set(u16(at), { type, count, valueAt: size * count <= 4 ? at + 8 : u32(at + 8) });
    }
    return map;
  };
  const ifd0 = entries(u32(4));
  const pointer = ifd0.get(0x8825);
  if (!pointer) return null;
  const gps = entries(u32(pointer.valueAt));
  const degrees = (tag: number) => {
    const e = gps.get(tag);
    if (!e || e.type !== 5 || e.count !== 3) return null;
    const r = (i: number) => u32(e.valueAt + i * 8) / u32(e.valueAt + i * 8 + 4);
    return r(0) + r(1) / 60 + r(2) / 3600;
  };
  const ref = (tag: number) => {
    const e = gps.get(tag);
    return e ? String.fromCharCode(tiff[e.valueAt]!) : '';
  };
  const lat = degrees(0x0002);
  const lon = degrees(0x0004);
  if (lat === null || lon === null) return null;
  return { latitude: ref(0x0001) === 'S' ? -lat : lat, longitude: ref(0x0003) === 'W' ? -lon : lon };
}
