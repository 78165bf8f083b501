// The campaign colours live in two places that must agree: src/identity/palette.ts (the mark, share cards and
// printed materials) and public/site.css (the website). This keeps them in step, and checks the text pairs the
// design relies on for WCAG AA contrast.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { flag, palette } from '../../src/identity/palette.ts';

const css = readFileSync('public/site.css', 'utf8');
const token = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)?.[1]?.toUpperCase();

function luminance(hex: string): number {
  const [r, g, b] = hex
    .replace('#', '')
    .match(/../g)!
    .map((h) => {
      const v = Number.parseInt(h, 16) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('campaign palette', () => {
  test('the stylesheet uses the same flag and text colours as the generated images', () => {
    expect(token('kn-green')).toBe(flag.green);
    expect(token('kn-red')).toBe(flag.red);
    expect(token('kn-gold')).toBe(flag.gold);
    expect(token('green-dark')).toBe(palette.greenDark);
    expect(token('green-deep')).toBe(palette.greenDeep);
    expect(token('green-wash')).toBe(palette.greenWash);
    expect(token('ink')).toBe(palette.ink);
  });

  test.each([
    ['white on the red help button and emergency call', palette.white, flag.red],
    ['white on the green report button', palette.white, palette.greenDark],
    ['white on the green field of posters and share cards', palette.white, palette.greenDeep],
    ['gold on the black band', flag.gold, flag.black],
    ['gold on the green field', flag.gold, palette.greenDeep],
    ['ink on the pale green home opening', palette.ink, palette.greenWash],
    ['green headings on white', palette.greenDark, palette.white],
  ])('%s reaches 4.5:1', (_, fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });
});
