// The campaign face for printed materials and share cards: Atkinson Hyperlegible Next (SIL Open Font License,
// from @fontsource), regular and bold. The PDF embeds a subset of it, and the PNG renderer draws the same glyphs
// as paths, so both look alike and neither depends on the fonts of the machine that builds them.
import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Weight = 'regular' | 'bold';
export type Font = ReturnType<typeof fontkit.create>;

const files: Record<Weight, string> = {
  regular: 'atkinson-hyperlegible-next-latin-400-normal.woff',
  bold: 'atkinson-hyperlegible-next-latin-700-normal.woff',
};
const bytes = new Map<Weight, Uint8Array>();
const fonts = new Map<Weight, Font>();

export function fontBytes(weight: Weight): Uint8Array {
  let data = bytes.get(weight);
  if (!data) {
    data = readFileSync(
      join(process.cwd(), 'node_modules', '@fontsource', 'atkinson-hyperlegible-next', 'files', files[weight]),
    );
    bytes.set(weight, data);
  }
  return data;
}

export function font(weight: Weight): Font {
  let f = fonts.get(weight);
  if (!f) {
    f = fontkit.create(fontBytes(weight) as Buffer);
    fonts.set(weight, f);
  }
  return f;
}

/** Width of a line at a size, summing advance widths without kerning: exactly what pdf-lib's text drawing does. */
export function textWidth(text: string, size: number, weight: Weight): number {
  const f = font(weight);
  const units = f.layout(text).glyphs.reduce((sum, g) => sum + g.advanceWidth, 0);
  return (units / f.unitsPerEm) * size;
}

/** Breaks text into lines no wider than maxWidth (words longer than a line stay whole on their own line). */
export function wrap(text: string, size: number, weight: Weight, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size, weight) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}
