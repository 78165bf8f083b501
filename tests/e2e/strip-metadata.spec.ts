// The photo cleaner against a real decoder: photos encoded by Chromium itself get metadata added (EXIF with GPS,
// text chunks, XMP), are cleaned by src/shared/report/strip-metadata.ts, and must still decode in Chromium to exactly
// the same pixels, with the orientation still applied.
import { crc32 } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { stripImageMetadata } from '../../src/shared/report/strip-metadata.ts';
import {
  buildTiff,
  cat,
  contains,
  enc,
  pngChunk,
  pngChunks,
  riff,
  riffChunk,
  seg,
  webpChunks,
} from '../unit/fixtures/images.ts';

/** A 40×20 picture with distinct corners, encoded by the browser. */
async function encode(page: Page, type: string): Promise<Uint8Array> {
  const b64 = await page.evaluate(async (t) => {
    const canvas = new OffscreenCanvas(40, 20);
    const g = canvas.getContext('2d')!;
    for (const [x, y, colour] of [
      [0, 0, '#c00'],
      [20, 0, '#0a0'],
      [0, 10, '#00c'],
      [20, 10, '#fc0'],
    ] as const) {
      g.fillStyle = colour;
      g.fillRect(x, y, 20, 10);
    }
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: t, quality: 0.9 })).arrayBuffer());
    return btoa(String.fromCharCode(...bytes));
  }, type);
  return Uint8Array.from(Buffer.from(b64, 'base64'));
}

/** Decodes both files; returns their sizes as shown (orientation applied) and whether their pixels are equal. */
async function compare(page: Page, a: Uint8Array, b: Uint8Array, type: string) {
  return page.evaluate(
    async ([a64, b64, t]) => {
      const blob = (s: string) => new Blob([Uint8Array.from(atob(s), (c) => c.charCodeAt(0))], { type: t });
      const pixels = async (s: string) => {
        const raw = await createImageBitmap(blob(s), { imageOrientation: 'none' });
        const canvas = new OffscreenCanvas(raw.width, raw.height);
        const g = canvas.getContext('2d')!;
        g.drawImage(raw, 0, 0);
        return g.getImageData(0, 0, raw.width, raw.height).data;
      };
      const shown = async (s: string) => {
        const bitmap = await createImageBitmap(blob(s));
        return [bitmap.width, bitmap.height];
      };
      const [pa, pb] = await Promise.all([pixels(a64), pixels(b64)]);
      return {
        sizeA: await shown(a64),
        sizeB: await shown(b64),
        samePixels: pa.length === pb.length && pa.every((v, i) => v === pb[i]),
      };
    },
    [Buffer.from(a).toString('base64'), Buffer.from(b).toString('base64'), type] as const,
  );
}

test.beforeEach(async ({ page }) => {
  await page.goto('/en/');
});

test('a JPEG keeps its pixels and its orientation, and loses the rest', async ({ page }) => {
  const plain = await encode(page, 'image/jpeg');
  const exif = seg(0xe1, cat(enc('Exif\0\0'), buildTiff(false, { orientation: 6 })));
  const tagged = cat(plain.subarray(0, 2), exif, seg(0xfe, enc('COMMENT-WITH-A-NAME')), plain.subarray(2));
  const cleaned = stripImageMetadata(tagged, 'image/jpeg', { keepLocation: false });
  expect(contains(cleaned, 'SECRETCAM')).toBe(false);
  expect(contains(cleaned, 'COMMENT-WITH')).toBe(false);
  const result = await compare(page, tagged, cleaned, 'image/jpeg');
  expect(result.samePixels).toBe(true);
  expect(result.sizeA).toEqual([20, 40]); // orientation 6: shown rotated
  expect(result.sizeB).toEqual([20, 40]);
});

test('a PNG with text and eXIf chunks keeps its pixels', async ({ page }) => {
  const plain = await encode(page, 'image/png');
  const chunks = pngChunks(plain);
  const idatAt =
    plain.length -
    chunks.filter((c) => c.type === 'IDAT' || c.type === 'IEND').reduce((n, c) => n + c.data.length + 12, 0);
  const tagged = cat(
    plain.subarray(0, idatAt),
    pngChunk('tEXt', enc('Author\0SECRET-AUTHOR'), (b) => crc32(b)),
    pngChunk('eXIf', buildTiff(true, { orientation: 1 }), (b) => crc32(b)),
    plain.subarray(idatAt),
  );
  for (const keepLocation of [false, true]) {
    const cleaned = stripImageMetadata(tagged, 'image/png', { keepLocation });
    expect(contains(cleaned, 'SECRET-AUTHOR')).toBe(false);
    expect(pngChunks(cleaned).some((c) => c.type === 'eXIf')).toBe(keepLocation);
    const result = await compare(page, plain, cleaned, 'image/png');
    expect(result.samePixels).toBe(true);
    expect(result.sizeB).toEqual([40, 20]);
  }
});

test('an extended WebP with EXIF and XMP keeps its pixels', async ({ page }) => {
  const plain = await encode(page, 'image/webp');
  const image = webpChunks(plain).filter((c) => c.type === 'VP8 ' || c.type === 'VP8L' || c.type === 'ALPH');
  expect(image.length).toBeGreaterThan(0);
  const canvas = Uint8Array.of(39, 0, 0, 19, 0, 0); // width−1, height−1 (24-bit little-endian)
  const tagged = riff([
    riffChunk(
      'VP8X',
      cat(Uint8Array.of(0x08 | 0x04 | (image.some((c) => c.type === 'ALPH') ? 0x10 : 0), 0, 0, 0), canvas),
    ),
    ...image.map((c) => riffChunk(c.type, c.data)),
    riffChunk('EXIF', buildTiff(true, { orientation: 1 })),
    riffChunk('XMP ', enc('<x:xmpmeta>XMP-CREATOR-NAME</x:xmpmeta>')),
  ]);
  expect((await compare(page, plain, tagged, 'image/webp')).samePixels).toBe(true); // the tagged file is valid
  const cleaned = stripImageMetadata(tagged, 'image/webp', { keepLocation: true });
  expect(contains(cleaned, 'XMP-CREATOR')).toBe(false);
  expect(contains(cleaned, 'SECRETCAM')).toBe(false);
  const result = await compare(page, plain, cleaned, 'image/webp');
  expect(result.samePixels).toBe(true);
  expect(result.sizeB).toEqual([40, 20]);
});
