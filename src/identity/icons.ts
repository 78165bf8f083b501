// Icons from Lucide (lucide-static, ISC licence: node_modules/lucide-static/LICENSE; recorded in the README), read
// at build time and inlined, so a page makes no request for them. Only the names listed here can be used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const iconNames = [
  'phone',
  'menu',
  'search',
  'download',
  'printer',
  'message-circle',
  'share-2',
  'id-card',
  'lock-keyhole',
  'banknote',
  'clock',
  'hand-coins',
  'triangle-alert',
  'megaphone',
  'house',
  'users',
  'info',
  'rss',
  'arrow-right',
  'hand-heart',
  'shield-check',
  'file-text',
  'qr-code',
  'newspaper',
] as const;
export type IconName = (typeof iconNames)[number];

const cache = new Map<IconName, string>();

/** The icon's drawing (the children of its <svg>), in Lucide's 24×24 box, stroked with currentColor. */
function iconShapes(name: IconName): string {
  let shapes = cache.get(name);
  if (shapes === undefined) {
    const file = join(process.cwd(), 'node_modules', 'lucide-static', 'icons', `${name}.svg`);
    const svg = readFileSync(file, 'utf8');
    shapes = svg
      .slice(svg.indexOf('>', svg.indexOf('<svg')) + 1, svg.lastIndexOf('</svg>'))
      .replace(/\s+/g, ' ')
      .trim();
    cache.set(name, shapes);
  }
  return shapes;
}

/** A decorative inline SVG icon (hidden from screen readers: the text next to it says what it means). */
export function iconSvg(name: IconName, className = 'icon'): string {
  return `<svg class="${className}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${iconShapes(name)}</svg>`;
}
