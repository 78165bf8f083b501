// The campaign materials and how each is built: print files as PDF, every item as a PNG picture, a WebP preview for
// the materials page and a WebP thumbnail for the home page's phone layout. Built once per language and build (memoised), for the files and the page that
// lists them with their sizes.
import sharp from 'sharp';
import type { Locale } from '../i18n/locales.ts';
import { pageSizes, poster, square, walletCard, type PrintText } from './designs.ts';
import { printText } from './print-text.ts';
import type { Page } from './scene.ts';
import { pageToSvg } from './to-svg.ts';
import { pagesToPdf } from './to-pdf.ts';

export interface Material {
  id: 'poster-a4' | 'poster-letter' | 'poster-a3' | 'flyer' | 'wallet-card' | 'social-numbers' | 'social-signs';
  /** The pages to print; absent for pictures meant only for screens. */
  print: boolean;
  /** Width of the PNG picture in pixels (posters at 150 dpi, the card at 300 dpi, squares for phones). */
  pngWidth: number;
  draw: (text: PrintText) => Page[];
}

export const materials: Material[] = [
  { id: 'poster-a4', print: true, pngWidth: 1240, draw: (t) => [poster(pageSizes.a4, t)] },
  { id: 'poster-letter', print: true, pngWidth: 1275, draw: (t) => [poster(pageSizes.letter, t)] },
  { id: 'poster-a3', print: true, pngWidth: 1754, draw: (t) => [poster(pageSizes.a3, t)] },
  { id: 'flyer', print: true, pngWidth: 874, draw: (t) => [poster(pageSizes.a5, t, true)] },
  { id: 'wallet-card', print: true, pngWidth: 1011, draw: (t) => walletCard(t) },
  { id: 'social-numbers', print: false, pngWidth: 1080, draw: (t) => [square('numbers', t)] },
  { id: 'social-signs', print: false, pngWidth: 1080, draw: (t) => [square('signs', t)] },
];

export interface BuiltMaterial {
  pdf?: Uint8Array;
  png: Buffer;
  preview: Buffer;
  thumb: Buffer;
}

/** Pages stacked top to bottom with a gap, as one picture (the wallet card's two sides). */
async function picture(pages: Page[], width: number, label: string): Promise<Buffer> {
  const images = await Promise.all(
    pages.map((p) =>
      sharp(Buffer.from(pageToSvg(p, width, label)))
        .png()
        .toBuffer(),
    ),
  );
  if (images.length === 1) return sharp(images[0]).png({ compressionLevel: 9, palette: true, quality: 100 }).toBuffer();
  const gap = Math.round(width * 0.04);
  const heights = await Promise.all(images.map(async (i) => (await sharp(i).metadata()).height!));
  const total = heights.reduce((a, h) => a + h, 0) + gap * (images.length - 1);
  let top = 0;
  const layers = images.map((input, i) => {
    const layer = { input, left: 0, top };
    top += heights[i]! + gap;
    return layer;
  });
  return sharp({ create: { width, height: total, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png({ compressionLevel: 9, palette: true, quality: 100 })
    .toBuffer();
}

/** Widths in pixels of the screen pictures: a preview sharp on a desktop, a thumbnail sharp at 90 CSS px on a phone. */
export const previewWidths = { preview: 600, thumb: 240 } as const;

const built = new Map<string, Promise<BuiltMaterial>>();

export function buildMaterial(
  locale: Locale,
  id: Material['id'],
  names: { title: string; author: string; subject: string },
): Promise<BuiltMaterial> {
  const key = `${locale}/${id}`;
  let result = built.get(key);
  if (!result) {
    result = (async () => {
      const material = materials.find((m) => m.id === id)!;
      const pages = material.draw(await printText(locale));
      const png = await picture(pages, material.pngWidth, names.title);
      const preview = await sharp(png).resize({ width: previewWidths.preview }).webp({ quality: 80 }).toBuffer();
      const thumb = await sharp(png).resize({ width: previewWidths.thumb }).webp({ quality: 80 }).toBuffer();
      const pdf = material.print ? await pagesToPdf(pages, { ...names, language: locale }) : undefined;
      return { pdf, png, preview, thumb };
    })();
    built.set(key, result);
  }
  return result;
}
