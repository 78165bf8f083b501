// A drawing as a list of simple shapes in points (1/72 inch), y downwards, that two renderers turn into the same
// picture: a PDF with real, selectable text (to-pdf.ts) and an SVG of paths for PNG images (to-svg.ts).
// Paths use absolute M, L, C and Z commands only, so both renderers read them the same way.
import { wrap, textWidth, type Weight } from './fonts.ts';

export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string }
  | { kind: 'path'; d: string; fill: string; x: number; y: number; scale: number; clip?: string }
  | { kind: 'text'; x: number; y: number; size: number; text: string; fill: string; weight: Weight }
  | { kind: 'qr'; x: number; y: number; size: number; modules: boolean[][]; fill: string };

export interface Page {
  width: number;
  height: number;
  shapes: Shape[];
}

export interface TextBlock {
  shapes: Shape[];
  /** The y just below the block's last line. */
  bottom: number;
}

/** Lines of wrapped text from (x, top), each baseline at top + ascent; returns the shapes and where it ends. */
export function textBlock(
  text: string,
  opts: {
    x: number;
    top: number;
    width: number;
    size: number;
    weight: Weight;
    fill: string;
    lineHeight?: number;
    align?: 'left' | 'center';
  },
): TextBlock {
  const lineHeight = opts.size * (opts.lineHeight ?? 1.2);
  const lines = wrap(text, opts.size, opts.weight, opts.width);
  const shapes: Shape[] = lines.map((line, i) => ({
    kind: 'text',
    x: opts.align === 'center' ? opts.x + (opts.width - textWidth(line, opts.size, opts.weight)) / 2 : opts.x,
    y: opts.top + opts.size * 0.92 + i * lineHeight,
    size: opts.size,
    text: line,
    fill: opts.fill,
    weight: opts.weight,
  }));
  return { shapes, bottom: opts.top + lines.length * lineHeight };
}

/** The largest size at which the text fits the width in at most maxLines lines (down to minSize). */
export function fitSize(
  text: string,
  weight: Weight,
  width: number,
  maxLines: number,
  size: number,
  minSize: number,
): number {
  let s = size;
  while (s > minSize && wrap(text, s, weight, width).length > maxLines) s -= 0.5;
  return s;
}
