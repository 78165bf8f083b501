// The printed campaign materials as the build made them (dist/materials/): page sizes, the numbers as real text,
// and the QR code read back by a QR decoder (jsQR) from pictures: the PNGs the site offers and the PDFs rendered
// by poppler's pdftoppm. A second build with a changed number and site address shows every item follows content.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, test } from 'vitest';
import { siteBuilder } from './helpers/build-site.ts';

const dist = join(process.cwd(), 'dist');
const settings = JSON.parse(readFileSync('content/settings.json', 'utf8'));
const origin = (process.env.SITE_URL || settings.site.siteUrl).replace(/\/+$/, '');
const locales = ['en', 'es', 'ht'];
const mm = 72 / 25.4;
const printed = {
  'poster-a4': [210 * mm, 297 * mm],
  'poster-letter': [612, 792],
  'poster-a3': [297 * mm, 420 * mm],
  flyer: [148 * mm, 210 * mm],
  'wallet-card': [85.6 * mm, 54 * mm],
} as const;
const pictures = ['social-numbers', 'social-signs'];
const tmp = mkdtempSync(join(tmpdir(), 'materials-'));
const builder = siteBuilder('materials-build');
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  builder.cleanup();
});

/** Every QR code jsQR finds in a picture (it reads one at a time: found codes are painted over and it looks again). */
async function qrCodes(png: Buffer | string): Promise<string[]> {
  const { data, info } = await sharp(png)
    .flatten({ background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  const found: string[] = [];
  for (let i = 0; i < 3; i++) {
    const code = jsQR(pixels, info.width, info.height);
    if (!code) break;
    found.push(code.data);
    const xs = [
      code.location.topLeftCorner.x,
      code.location.bottomRightCorner.x,
      code.location.topRightCorner.x,
      code.location.bottomLeftCorner.x,
    ];
    const ys = [
      code.location.topLeftCorner.y,
      code.location.bottomRightCorner.y,
      code.location.topRightCorner.y,
      code.location.bottomLeftCorner.y,
    ];
    for (
      let y = Math.max(0, Math.floor(Math.min(...ys)) - 10);
      y < Math.min(info.height, Math.ceil(Math.max(...ys)) + 10);
      y++
    ) {
      for (
        let x = Math.max(0, Math.floor(Math.min(...xs)) - 10);
        x < Math.min(info.width, Math.ceil(Math.max(...xs)) + 10);
        x++
      ) {
        pixels.fill(255, (y * info.width + x) * 4, (y * info.width + x) * 4 + 4);
      }
    }
  }
  return found;
}

/** The PDF's pages rendered by pdftoppm (poppler-utils) at 150 dpi. */
function renderPdf(pdf: string, name: string): string[] {
  const prefix = join(tmp, name);
  execFileSync('pdftoppm', ['-r', '150', '-png', pdf, prefix]);
  const pages = (execFileSync('pdfinfo', [pdf])
    .toString()
    .match(/^Pages:\s+(\d+)/m) ?? [])[1];
  return Array.from({ length: Number(pages) }, (_, i) => `${prefix}-${i + 1}.png`);
}

const pdfText = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
const number = (id: string) => settings.numbers.find((n: { id: string }) => n.id === id).number as string;

describe.skipIf(!existsSync(join(dist, 'materials')))('campaign materials', () => {
  for (const locale of locales) {
    describe(locale, () => {
      for (const [id, [width, height]] of Object.entries(printed)) {
        test(`${id}.pdf: page size, the numbers as text, the font embedded, a QR code that opens the ${locale} report page`, async () => {
          const file = join(dist, 'materials', locale, `${id}.pdf`);
          const doc = await PDFDocument.load(readFileSync(file));
          for (const page of doc.getPages()) {
            expect(page.getWidth()).toBeCloseTo(width, 1);
            expect(page.getHeight()).toBeCloseTo(height, 1);
          }
          const text = pdfText(file);
          for (const n of [number('emergency'), number('crime-hotline')]) expect(text).toContain(n);
          expect(text).toContain(`${new URL(origin).host}/${locale}/report`);
          const fonts = execFileSync('pdffonts', [file]).toString();
          expect(fonts).toMatch(/AtkinsonHyperlegibleNext-Bold(-\d+)?\s+CID TrueType\s+Identity-H\s+yes/);
          const codes = (await Promise.all(renderPdf(file, `${locale}-${id}`).map((png) => qrCodes(png)))).flat();
          expect(codes).toEqual([`${origin}/${locale}/report/`]);
        });
      }
      for (const id of [...Object.keys(printed), ...pictures]) {
        test(`${id}.png decodes to the plain ${locale} report address`, async () => {
          const png = readFileSync(join(dist, 'materials', locale, `${id}.png`));
          const codes = await qrCodes(png);
          if (pictures.includes(id))
            expect(codes).toEqual([]); // pictures for phones show the address as text
          else expect(codes).toEqual([`${origin}/${locale}/report/`]);
        });
      }
    });
  }

  test('a changed number and site address reach every printed item at the next build', async () => {
    const result = await builder.buildWith(
      'changed-number',
      (content) => {
        const file = join(content, 'settings.json');
        const changed = JSON.parse(readFileSync(file, 'utf8'));
        changed.numbers.find((n: { id: string }) => n.id === 'crime-hotline').number = '7070';
        writeFileSync(file, JSON.stringify(changed));
      },
      { SITE_URL: 'https://antitrafficking.example.kn' },
    );
    expect(result.ok, result.output).toBe(true);
    for (const id of Object.keys(printed)) {
      const file = join(result.out, 'materials', 'es', `${id}.pdf`);
      expect(pdfText(file), id).toContain('7070');
      expect(await qrCodes(readFileSync(join(result.out, 'materials', 'es', `${id}.png`))), id).toEqual([
        'https://antitrafficking.example.kn/es/report/',
      ]);
    }
    const page = readFileSync(join(result.out, 'es', 'materials', 'index.html'), 'utf8');
    expect(page).not.toContain('data-notice="placeholder-site"');
    expect(readFileSync(join(dist, 'es', 'materials', 'index.html'), 'utf8')).toContain(
      'data-notice="placeholder-site"',
    );
  }, 180_000);
});
