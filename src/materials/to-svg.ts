// Renders a drawing (scene.ts) as SVG with every letter drawn as a path from the campaign font, so sharp turns it
// into the same PNG on any machine, whatever fonts it has.
import { font } from './fonts.ts';
import { darkRuns } from './qr.ts';
import type { Page, Shape } from './scene.ts';

const n = (v: number) => Number(v.toFixed(2));
const escapeAttr = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function textSvg(shape: Extract<Shape, { kind: 'text' }>): string {
  const f = font(shape.weight);
  const k = shape.size / f.unitsPerEm;
  let pen = 0;
  const glyphs: string[] = [];
  for (const glyph of f.layout(shape.text).glyphs) {
    const d = glyph.path.toSVG();
    if (d) glyphs.push(`<path transform="translate(${pen} 0)" d="${d}"/>`);
    pen += glyph.advanceWidth;
  }
  return `<g fill="${shape.fill}" transform="translate(${n(shape.x)} ${n(shape.y)}) scale(${k} ${-k})">${glyphs.join('')}</g>`;
}

export function pageToSvg(page: Page, pixelWidth: number, label: string): string {
  const pixelHeight = Math.round((pixelWidth * page.height) / page.width);
  const defs: string[] = [];
  const body = page.shapes.map((shape, i) => {
    switch (shape.kind) {
      case 'rect':
        return `<rect x="${n(shape.x)}" y="${n(shape.y)}" width="${n(shape.w)}" height="${n(shape.h)}" fill="${shape.fill}"/>`;
      case 'path': {
        const transform = `translate(${n(shape.x)} ${n(shape.y)}) scale(${shape.scale})`;
        let clip = '';
        if (shape.clip) {
          defs.push(`<clipPath id="c${i}"><path d="${shape.clip}"/></clipPath>`);
          clip = ` clip-path="url(#c${i})"`;
        }
        return `<g transform="${transform}"><path${clip} d="${shape.d}" fill="${shape.fill}"/></g>`;
      }
      case 'text':
        return textSvg(shape);
      case 'qr': {
        const count = shape.modules.length + 8;
        const unit = shape.size / count;
        const d = darkRuns(shape.modules)
          .map(([x, y, len]) => `M${x + 4} ${y + 4}h${len}v1h${-len}z`)
          .join('');
        return (
          `<rect x="${n(shape.x)}" y="${n(shape.y)}" width="${n(shape.size)}" height="${n(shape.size)}" fill="#FFFFFF"/>` +
          `<path transform="translate(${n(shape.x)} ${n(shape.y)}) scale(${unit})" d="${d}" fill="${shape.fill}" shape-rendering="crispEdges"/>`
        );
      }
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${pixelWidth}" height="${pixelHeight}" viewBox="0 0 ${n(page.width)} ${n(page.height)}" role="img" aria-label="${escapeAttr(label)}"><defs>${defs.join('')}</defs>${body.join('')}</svg>`;
}
