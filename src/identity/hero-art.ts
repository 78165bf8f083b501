// The home page's illustration: the campaign heart over the outline of St. Kitts and Nevis, drawn for the
// project (no photographs of people). Colours follow the reader's light or dark mode through currentColor.
import { islandsPath } from './islands.ts';
import { markShapes } from './mark.ts';

export function heroArtSvg(className: string): string {
  return [
    `<svg class="${className}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 330" aria-hidden="true" focusable="false">`,
    // The sea: rings around the islands, in the page's accent colour at low opacity.
    '<g fill="none" stroke="currentColor" stroke-opacity=".18" stroke-width="2">',
    '<circle cx="250" cy="205" r="105"/><circle cx="250" cy="205" r="80" stroke-dasharray="4 8"/>',
    '</g>',
    `<g transform="translate(155 105) scale(0.95)"><path d="${islandsPath}" fill="currentColor" fill-opacity=".85"/></g>`,
    `<g transform="translate(4 4) scale(2)">${markShapes('hero-mark')}</g>`,
    '</svg>',
  ].join('');
}
