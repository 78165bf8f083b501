// The campaign mark: a heart in the flag of St. Kitts and Nevis (green and red fields, the gold-edged black band
// with its two white stars running from the lower hoist to the upper fly). One definition, drawn as SVG for the
// site header, the favicon, the hero, and by the PDF and PNG renderers of the share cards and printed materials.
// Paths are absolute M/L/C/Z so every renderer reads them alike.
import { flag } from './palette.ts';

export const markBox = { width: 64, height: 58 } as const;

/** The heart outline; its lobes are near-circles, its tip at (32, 57). */
export const heartPath =
  'M32 57L7.6 32.6C0.5 25.5 0.5 14 7.6 7C14.6 0 26 0 32 8.3C38 0 49.4 0 56.4 7C63.5 14 63.5 25.5 56.4 32.6Z';

const f = (n: number) => Number(n.toFixed(2));

/** A five-pointed star centred on (cx, cy), one point up. */
function starPath(cx: number, cy: number, r: number): string {
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : r * 0.4;
    const angle = (Math.PI / 5) * i - Math.PI / 2;
    points.push(`${f(cx + radius * Math.cos(angle))} ${f(cy + radius * Math.sin(angle))}`);
  }
  return `M${points.join('L')}Z`;
}

// The band follows the box's diagonal from the lower hoist to the upper fly, as on the flag.
const angle = -Math.atan2(markBox.height, markBox.width);
const centre = { x: 32, y: 30 };
const along = (d: number, across = 0) =>
  [
    centre.x + d * Math.cos(angle) - across * Math.sin(angle),
    centre.y + d * Math.sin(angle) + across * Math.cos(angle),
  ] as const;

/** A band of the given half-width across the whole heart, as a polygon. */
function band(halfWidth: number): string {
  const corners = [along(-60, -halfWidth), along(60, -halfWidth), along(60, halfWidth), along(-60, halfWidth)];
  return `M${corners.map(([x, y]) => `${f(x)} ${f(y)}`).join('L')}Z`;
}

export interface MarkPart {
  d: string;
  fill: string;
}

/** The parts of the mark, in drawing order, all to be clipped to heartPath. */
export function markParts(): MarkPart[] {
  const [s1x, s1y] = along(-11);
  const [s2x, s2y] = along(11);
  return [
    { d: 'M-4 -4L68 -4L-4 62Z', fill: flag.green },
    { d: 'M68 -4L68 62L-4 62Z', fill: flag.red },
    { d: band(11), fill: flag.gold },
    { d: band(7.5), fill: flag.black },
    { d: starPath(s1x, s1y, 5.2) + starPath(s2x, s2y, 5.2), fill: flag.white },
  ];
}

/** The mark's inner SVG (no <svg> element), so it can be placed in a larger drawing. `id` keeps clip ids unique. */
export function markShapes(id = 'mark'): string {
  return [
    `<defs><clipPath id="${id}-clip"><path d="${heartPath}"/></clipPath></defs>`,
    `<g clip-path="url(#${id}-clip)">`,
    ...markParts().map((p) => `<path fill="${p.fill}" d="${p.d}"/>`),
    '</g>',
  ].join('');
}

/** A standalone SVG document of the mark, for the favicon. */
export function markSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${markBox.width} ${markBox.height}">${markShapes()}</svg>`;
}
