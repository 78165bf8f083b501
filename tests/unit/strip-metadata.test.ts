// The photo cleaner, on hand-built JPEG, PNG and WebP files whose every byte is known: identifying data must
// go, the picture data must stay byte for byte, and the opt-in keeps only the GPS position.
import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MetadataError, stripImageMetadata } from '../../src/shared/report/strip-metadata.ts';
import {
  buildJpeg,
  buildTiff,
  cat,
  contains,
  enc,
  jpegCoding,
  jpegSegments,
  pngChunk,
  pngChunks,
  readTiff,
  riff,
  riffChunk,
  webpChunks,
} from './fixtures/images.ts';

const identifying = [
  'SECRETCAM',
  'MODEL-X9000',
  'OWNER-NAME',
  'SERIAL-12345',
  '2026:11:27',
  'THUMBNAIL-BYTES',
  'XMP-CREATOR',
  'IPTC-BYLINE',
  'COMMENT-WITH',
  'JP-EXTENSION',
  'TRAILING-SECOND',
  'SECRET-AUTHOR',
  'C2PA-CLAIM',
];
function expectNoIdentifyingData(out: Uint8Array) {
  for (const marker of identifying) expect(contains(out, marker), marker).toBe(false);
}
/** GPS tags of the EXIF block the cleaner wrote (TIFF bytes), by tag number. */
function gpsTags(tiff: Uint8Array) {
  const { ifds } = readTiff(tiff);
  return new Map((ifds.get('gps') ?? []).map((e) => [e.tag, e]));
}
function exifOfJpeg(out: Uint8Array): Uint8Array | undefined {
  const app1 = jpegSegments(out).filter((s) => s.marker === 0xe1);
  expect(app1.length).toBeLessThanOrEqual(1);
  return app1[0]?.payload.subarray(6);
}

describe('JPEG', () => {
  for (const le of [true, false]) {
    const order = le ? 'little-endian' : 'big-endian';

    it(`drops EXIF with GPS, XMP, IPTC, comments, thumbnails and trailing images (${order})`, () => {
      const input = buildJpeg(buildTiff(le, { orientation: 6 }));
      expect(contains(input, 'SECRETCAM')).toBe(true); // the fixture does carry what must go
      const out = stripImageMetadata(input, 'image/jpeg', { keepLocation: false });
      expectNoIdentifyingData(out);
      const markers = jpegSegments(out).map((s) => s.marker);
      expect(markers).toEqual([0xe0, 0xe1, 0xe2, 0xdb, 0xee, 0xc0, 0xc4, 0xdd, 0xda, 0xd9]);
      // The picture itself is copied byte for byte, stuffed bytes and restart markers included.
      const c = jpegCoding;
      expect(contains(out, cat(c.dqt, c.adobe, c.sof0, c.dht, c.dri, c.sos, c.scan, Uint8Array.of(0xff, 0xd9)))).toBe(
        true,
      );
      expect(contains(out, c.icc)).toBe(true);
      // JFIF stays, without its thumbnail.
      const jfif = jpegSegments(out)[0]!.payload;
      expect(jfif.length).toBe(14);
      expect([jfif[12], jfif[13]]).toEqual([0, 0]);
      // The new EXIF holds only the orientation: no GPS pointer, no GPS IFD, no second IFD.
      const tiff = readTiff(exifOfJpeg(out)!);
      expect(tiff.le).toBe(le);
      expect([...tiff.ifds.keys()]).toEqual(['ifd0']);
      expect(tiff.ifds.get('ifd0')!.map((e) => e.tag)).toEqual([0x0112]);
      const v = tiff.ifds.get('ifd0')![0]!.value;
      expect(le ? v[0] : v[1]).toBe(6);
    });

    it(`keeps only latitude, longitude and altitude when asked to keep the location (${order})`, () => {
      const input = buildJpeg(buildTiff(le, { orientation: 6 }));
      const out = stripImageMetadata(input, 'image/jpeg', { keepLocation: true });
      expectNoIdentifyingData(out); // GPS date stamp "2026:11:27" included
      const gps = gpsTags(exifOfJpeg(out)!);
      expect([...gps.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6]);
      const original = gpsTags(buildTiff(le, { orientation: 6 }));
      for (const tag of [0, 1, 2, 3, 4, 5, 6])
        expect(gps.get(tag)!.value, `GPS tag ${tag}`).toEqual(original.get(tag)!.value);
      expect(
        readTiff(exifOfJpeg(out)!)
          .ifds.get('ifd0')!
          .map((e) => e.tag),
      ).toEqual([0x0112, 0x8825]);
    });
  }

  it('writes no EXIF at all when there is nothing worth keeping', () => {
    const input = buildJpeg(buildTiff(true, { gps: false }));
    for (const keepLocation of [false, true]) {
      const out = stripImageMetadata(input, 'image/jpeg', { keepLocation });
      expect(exifOfJpeg(out)).toBeUndefined();
      expectNoIdentifyingData(out);
    }
  });

  it('survives an unreadable EXIF block by keeping nothing of it', () => {
    const input = buildJpeg(cat(enc('MM'), Uint8Array.of(0, 42, 0xff, 0xff, 0xff, 0), enc('SECRETCAM')));
    const out = stripImageMetadata(input, 'image/jpeg', { keepLocation: true });
    expect(exifOfJpeg(out)).toBeUndefined();
    expect(contains(out, 'SECRETCAM')).toBe(false);
  });

  it('refuses a JPEG whose segment runs past the end instead of sending it half-cleaned', () => {
    const input = buildJpeg(buildTiff(true));
    const cut = input.subarray(0, 40);
    expect(() => stripImageMetadata(cut, 'image/jpeg', { keepLocation: false })).toThrow(MetadataError);
  });
});

describe('PNG', () => {
  const crc = (b: Uint8Array) => crc32(b);
  const ihdr = pngChunk('IHDR', Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0), crc);
  const gama = pngChunk('gAMA', Uint8Array.of(0, 0, 0xb1, 0x8f), crc);
  const idat = pngChunk('IDAT', deflateSync(Uint8Array.of(0, 255, 0, 0, 255)), crc);
  const iend = pngChunk('IEND', new Uint8Array(), crc);
  const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const png = (exif: Uint8Array) =>
    cat(
      signature,
      ihdr,
      pngChunk('tEXt', enc('Author\0SECRET-AUTHOR'), crc),
      pngChunk('iTXt', enc('Comment\0\0\0en\0\0COMMENT-WITH-A-NAME'), crc),
      pngChunk('zTXt', cat(enc('Copyright\0\0'), deflateSync(enc('SECRET-AUTHOR'))), crc),
      pngChunk('tIME', Uint8Array.of(0x07, 0xea, 11, 27, 20, 15, 0), crc),
      pngChunk('eXIf', exif, crc),
      pngChunk('caBX', enc('C2PA-CLAIM'), crc),
      gama,
      idat,
      iend,
      enc('TRAILING-SECOND-IMAGE'),
    );

  it('drops eXIf, tEXt, iTXt, zTXt, tIME, private chunks and trailing data', () => {
    const out = stripImageMetadata(png(buildTiff(true, { orientation: 1 })), 'image/png', { keepLocation: false });
    expectNoIdentifyingData(out);
    expect(pngChunks(out).map((c) => c.type)).toEqual(['IHDR', 'gAMA', 'IDAT', 'IEND']);
    expect(out).toEqual(cat(signature, ihdr, gama, idat, iend));
  });

  it('keeps the GPS position in a new eXIf chunk before the image data, with a valid CRC', () => {
    const out = stripImageMetadata(png(buildTiff(false, { orientation: 8 })), 'image/png', { keepLocation: true });
    expectNoIdentifyingData(out);
    const chunks = pngChunks(out);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'gAMA', 'eXIf', 'IDAT', 'IEND']);
    for (const c of chunks) expect(c.crc, c.type).toBe(crc32(c.crcInput));
    const exif = chunks[2]!.data;
    expect([...gpsTags(exif).keys()]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(
      readTiff(exif)
        .ifds.get('ifd0')!
        .map((e) => e.tag),
    ).toEqual([0x0112, 0x8825]);
  });

  it('refuses a PNG cut short before its end chunk', () => {
    const input = png(buildTiff(true));
    expect(() =>
      stripImageMetadata(input.subarray(0, input.length - 40), 'image/png', { keepLocation: false }),
    ).toThrow(MetadataError);
  });
});

describe('WebP', () => {
  // VP8X flags: ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04. Canvas 1x1.
  const vp8x = (flags: number) => riffChunk('VP8X', Uint8Array.of(flags, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  const iccp = riffChunk('ICCP', enc('fake-icc'));
  const vp8l = riffChunk('VP8L', Uint8Array.of(0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0));
  const webp = (exif: Uint8Array) =>
    riff([
      vp8x(0x20 | 0x08 | 0x04),
      iccp,
      vp8l,
      riffChunk('EXIF', exif),
      riffChunk('XMP ', enc('<x:xmpmeta>XMP-CREATOR-NAME</x:xmpmeta>')),
      riffChunk('ABCD', enc('C2PA-CLAIM!')), // unknown chunk, odd size (padded)
    ]);

  it('drops EXIF, XMP and unknown chunks and fixes the RIFF size and VP8X flags', () => {
    const out = stripImageMetadata(webp(buildTiff(true, { orientation: 1 })), 'image/webp', { keepLocation: false });
    expectNoIdentifyingData(out);
    const chunks = webpChunks(out);
    expect(chunks.map((c) => c.type)).toEqual(['VP8X', 'ICCP', 'VP8L']);
    expect(chunks[0]!.data[0]).toBe(0x20); // ICC still announced; EXIF and XMP no longer
    expect(new DataView(out.buffer, out.byteOffset).getUint32(4, true)).toBe(out.length - 8);
    expect(out).toEqual(riff([vp8x(0x20), iccp, vp8l]));
  });

  it('keeps the GPS position in a new EXIF chunk and sets the EXIF flag (source with "Exif\\0\\0" header)', () => {
    const out = stripImageMetadata(webp(cat(enc('Exif\0\0'), buildTiff(true, { orientation: 3 }))), 'image/webp', {
      keepLocation: true,
    });
    expectNoIdentifyingData(out);
    const chunks = webpChunks(out);
    expect(chunks.map((c) => c.type)).toEqual(['VP8X', 'ICCP', 'VP8L', 'EXIF']);
    expect(chunks[0]!.data[0]).toBe(0x20 | 0x08);
    expect([...gpsTags(chunks[3]!.data).keys()]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(new DataView(out.buffer, out.byteOffset).getUint32(4, true)).toBe(out.length - 8);
  });

  it('leaves a simple (VP8L-only) WebP as it was', () => {
    const input = riff([vp8l]);
    expect(stripImageMetadata(input, 'image/webp', { keepLocation: true })).toEqual(input);
  });
});

describe('other files', () => {
  it('passes other kinds of file through untouched', () => {
    const pdf = enc('%PDF-1.7\nSECRETCAM');
    expect(stripImageMetadata(pdf, 'application/pdf', { keepLocation: false })).toBe(pdf);
  });

  it('refuses a file that claims to be a photo but is not one', () => {
    expect(() => stripImageMetadata(enc('GIF89a....'), 'image/jpeg', { keepLocation: false })).toThrow(MetadataError);
  });

  it('recognises the format by content, not by the declared type', () => {
    const out = stripImageMetadata(buildJpeg(buildTiff(true)), 'application/octet-stream', { keepLocation: false });
    expectNoIdentifyingData(out);
  });
});
