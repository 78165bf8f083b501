// The home page's illustration: the campaign heart over the outline of St. Kitts and Nevis, drawn for the
// project (no photographs of people). Colours follow the reader's light or dark mode through currentColor.
import { islandsPath } from './islands.ts';
import { markShapes } from './mark.ts';

export function heroArtSvg(className: string): string {
  return [
    `<svg class="${className}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 330" aria-hidden="true" focusable="false">`,
    // The sea: a soft disc behind the islands, in the page's accent colour (no rings, which read as a target), kept inside the view box so its edge is not cut flat.
    '<circle cx="248" cy="205" r="110" fill="currentColor" fill-opacity=".08"/>',
    `<g transform="translate(155 105) scale(0.95)"><path d="${islandsPath}" fill="currentColor" fill-opacity=".85"/></g>`,
    `<g transform="translate(4 4) scale(2)">${markShapes('hero-mark')}</g>`,
    '</svg>',
  ].join('');
}
