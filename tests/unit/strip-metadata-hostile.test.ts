// The photo cleaner against files crafted to cost per-marker or per-chunk work (security finding M2): refused
// when they cannot be a photo, cleaned in linear time and bounded memory when they can. Costs are measured in a
// child process as ratios against a normal file of the same size and as peak memory growth, never wall-clock.
import { describe, expect, it } from 'vitest';
import { maxStructures } from '../../src/shared/report/metadata/bytes.ts';
import { MetadataError, stripImageMetadata } from '../../src/shared/report/strip-metadata.ts';
import { measureCosts } from '../functions/helpers/cost-probe.ts';
import { pairs } from './fixtures/cleaner-cases.ts';
import { cat, jpegCoding, jpegSegments, pngChunk, riff, riffChunk, webpChunks } from './fixtures/images.ts';

const c = jpegCoding;
const soi = Uint8Array.of(0xff, 0xd8);
const eoi = Uint8Array.of(0xff, 0xd9);
const comment = Uint8Array.of(0xff, 0xfe, 0, 2);
const times = (n: number, unit: Uint8Array) => cat(...Array<Uint8Array>(n).fill(unit));
const clean = (bytes: Uint8Array, type: string) => stripImageMetadata(bytes, type, { keepLocation: false });

describe('hostile photo files', () => {
  it('refuses restart or TEM markers outside a scan, which no decoder accepts there', () => {
    for (const marker of [0xd0, 0xd7, 0x01]) {
      expect(() =>
        clean(cat(soi, c.dqt, Uint8Array.of(0xff, marker), c.sof0, c.sos, c.scan, eoi), 'image/jpeg'),
      ).toThrow(MetadataError);
    }
  });

  it('keeps restart markers inside a scan, byte for byte', () => {
    const scan = times(1000, Uint8Array.of(0x11, 0xff, 0xd3, 0x22, 0xff, 0x00));
    const out = clean(cat(soi, c.dqt, c.sof0, c.dht, c.dri, c.sos, scan, eoi), 'image/jpeg');
    expect(out.subarray(out.length - scan.length - 2, out.length - 2)).toEqual(scan);
    expect(jpegSegments(out).map((s) => s.marker)).toEqual([0xdb, 0xc0, 0xc4, 0xdd, 0xda, 0xd9]);
  });

  it(`refuses a file with more than ${maxStructures} segments or chunks, and cleans one with exactly that many`, () => {
    const jpeg = (n: number) => cat(soi, times(n - 5, comment), c.dqt, c.sof0, c.dht, c.dri, c.sos, c.scan, eoi);
    expect(jpegSegments(clean(jpeg(maxStructures), 'image/jpeg')).length).toBe(6); // the comments are gone
    expect(() => clean(jpeg(maxStructures + 1), 'image/jpeg')).toThrow(MetadataError);

    const crc = () => 0;
    const png = (n: number) =>
      cat(
        Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
        pngChunk('IHDR', new Uint8Array(13), crc),
        times(n - 2, pngChunk('tEXt', new Uint8Array(), crc)),
        pngChunk('IEND', new Uint8Array(), crc),
      );
    expect(clean(png(maxStructures), 'image/png').length).toBe(8 + 25 + 12);
    expect(() => clean(png(maxStructures + 1), 'image/png')).toThrow(MetadataError);

    const webp = (n: number) =>
      riff([riffChunk('VP8 ', new Uint8Array(10)), times(n - 1, riffChunk('XMP ', new Uint8Array(1)))]);
    expect(webpChunks(clean(webp(maxStructures), 'image/webp')).map((ch) => ch.type)).toEqual(['VP8 ']);
    expect(() => clean(webp(maxStructures + 1), 'image/webp')).toThrow(MetadataError);
  });

  it('costs about what a normal 10 MiB photo costs, whatever its markers or chunks, with bounded memory', async () => {
    const names = [...new Set(pairs.flat())];
    const report = await measureCosts(new URL('./fixtures/cleaner-cases.ts', import.meta.url), names, 7);
    for (const [normal, hostile] of pairs) {
      // Fastest runs, compared: a millisecond of work is at the mercy of the other tests running on the machine.
      const ratio = report.cases[hostile]!.minMs / Math.max(report.cases[normal]!.minMs, 1);
      // Before: 6–14 s for the restart markers (normal: milliseconds), 1.3 s for the WebP chunks.
      expect([hostile, ratio < 3]).toEqual([hostile, true]);
    }
    // Before: +1,180 MiB for the restart markers. Cleaning a 10 MiB photo needs about one 10 MiB copy.
    expect(report.cases[names.at(-1)!]!.peakMiB - report.preparedPeakMiB).toBeLessThan(32);
  }, 120_000);
});
