// The campaign's printed and shared designs, laid out from the page size: posters (A4, US Letter, A3), the A5
// flyer, the two-sided wallet card, square pictures for WhatsApp status and social posts, and the 1200×630 share
// card of every page. They share one look with the website: the flag's green field, the gold-edged black band
// carrying the numbers, the mark, and the campaign face. All text comes in through PrintText (content/ and
// content/settings.json), so a changed number or sentence changes every item at the next build.
import { heartPath, markBox, markParts } from '../identity/mark.ts';
import { palette } from '../identity/palette.ts';
import { textWidth } from './fonts.ts';
import { qrModules } from './qr.ts';
import { fitSize, textBlock, type Page, type Shape } from './scene.ts';

export interface PrintNumber {
  number: string;
  label: string;
}

export interface PrintText {
  campaignName: string;
  place: string;
  headline: string;
  danger: string;
  call: string;
  emergency: string;
  hotline: PrintNumber;
  police: PrintNumber;
  signsTitle: string;
  signs: string[];
  scan: string;
  report: string;
  help: string;
  keep: string;
  /** The report page in this language, absolute: what the QR code holds. */
  reportUrl: string;
  runBy: string;
  sources: string;
}

const muted = '#454A4C';

/** Points per millimetre. */
export const mm = 72 / 25.4;
export const pageSizes = {
  a4: { width: 210 * mm, height: 297 * mm },
  a3: { width: 297 * mm, height: 420 * mm },
  letter: { width: 612, height: 792 },
  a5: { width: 148 * mm, height: 210 * mm },
  card: { width: 85.6 * mm, height: 54 * mm },
} as const;

/** The mark at (x, y), `width` wide: each flag part clipped to the heart. */
export function mark(x: number, y: number, width: number): Shape[] {
  const scale = width / markBox.width;
  return markParts().map((p) => ({ kind: 'path', d: p.d, fill: p.fill, x, y, scale, clip: heartPath }));
}

/** The address as people type it: no scheme, no trailing slash. */
function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** The flag's diagonal as a thin ribbon across the top or bottom edge. */
function ribbon(y: number, width: number, height: number): Shape[] {
  const mid = width / 2;
  const band = height * 2.2;
  return [
    { kind: 'rect', x: 0, y, w: width, h: height, fill: palette.green },
    {
      kind: 'path',
      d: `M${mid - band} ${height}L${mid} 0L${width} 0L${width} ${height}Z`,
      fill: palette.gold,
      x: 0,
      y,
      scale: 1,
    },
    {
      kind: 'path',
      d: `M${mid - band * 0.55} ${height}L${mid + band * 0.45} 0L${width} 0L${width} ${height}Z`,
      fill: palette.black,
      x: 0,
      y,
      scale: 1,
    },
    {
      kind: 'path',
      d: `M${mid - band * 0.1} ${height}L${mid + band * 0.9} 0L${width} 0L${width} ${height}Z`,
      fill: palette.gold,
      x: 0,
      y,
      scale: 1,
    },
    {
      kind: 'path',
      d: `M${mid + band * 0.35} ${height}L${mid + band * 1.35} 0L${width} 0L${width} ${height}Z`,
      fill: palette.red,
      x: 0,
      y,
      scale: 1,
    },
  ];
}

/** A small filled square bullet, the size of a capital letter. */
function bullet(x: number, top: number, size: number, fill: string): Shape {
  const s = size * 0.45;
  return { kind: 'rect', x, y: top + size * 0.42, w: s, h: s, fill };
}

/**
 * A poster or flyer: the green field with the mark and the headline, the black band with the numbers, the signs,
 * and the QR code to the report page. `detail` adds the police line, more signs and the help line (the flyer).
 */
export function poster(size: { width: number; height: number }, text: PrintText, detail = false): Page {
  const { width: W, height: H } = size;
  const m = W * 0.07;
  const shapes: Shape[] = [{ kind: 'rect', x: 0, y: 0, w: W, h: H, fill: palette.white }];
  // Green field, as tall as the mark and the headline need.
  const fieldAt = shapes.length;
  const kicker = textBlock(`${text.campaignName} · ${text.place}`.toUpperCase(), {
    x: m,
    top: H * 0.035,
    width: W - 2 * m,
    size: W * 0.024,
    weight: 'bold',
    fill: palette.gold,
  });
  shapes.push(...kicker.shapes);
  const markW = W * 0.25;
  const markTop = kicker.bottom + H * 0.02;
  shapes.push(...mark(m, markTop, markW));
  const headX = m + markW + W * 0.05;
  const headW = W - headX - m;
  const headSize = fitSize(text.headline, 'bold', headW, 4, W * 0.075, W * 0.045);
  const head = textBlock(text.headline, {
    x: headX,
    top: markTop,
    width: headW,
    size: headSize,
    weight: 'bold',
    fill: palette.white,
    lineHeight: 1.1,
  });
  shapes.push(...head.shapes);
  const fieldH = Math.max(markTop + markW * (markBox.height / markBox.width), head.bottom) + H * 0.03;
  shapes.splice(
    fieldAt,
    0,
    { kind: 'rect', x: 0, y: 0, w: W, h: fieldH, fill: palette.greenDeep },
    ...ribbon(0, W, H * 0.012),
  );

  // The black band, gold-edged, with the numbers.
  const gold = H * 0.008;
  const bandTop = fieldH;
  const bandAt = shapes.length;
  const colW = (W - 2 * m) * 0.5;
  const danger = textBlock(text.danger, {
    x: m,
    top: bandTop + H * 0.03,
    width: colW,
    size: W * 0.034,
    weight: 'bold',
    fill: palette.white,
  });
  const callText = `${text.call} ${text.emergency}`;
  const call = textBlock(callText, {
    x: m,
    top: danger.bottom + H * 0.004,
    width: colW + m,
    size: fitSize(callText, 'bold', colW, 1, W * 0.1, W * 0.06),
    weight: 'bold',
    fill: palette.gold,
  });
  shapes.push(...danger.shapes, ...call.shapes);
  const rightX = m + colW + W * 0.03;
  const rightW = W - rightX - m;
  const hotNumber = textBlock(text.hotline.number, {
    x: rightX,
    top: bandTop + H * 0.03,
    width: rightW,
    size: W * 0.07,
    weight: 'bold',
    fill: palette.white,
  });
  const hotLabel = textBlock(text.hotline.label, {
    x: rightX,
    top: hotNumber.bottom,
    width: rightW,
    size: W * 0.026,
    weight: 'regular',
    fill: palette.white,
  });
  shapes.push(...hotNumber.shapes, ...hotLabel.shapes);
  let bandBottom = Math.max(call.bottom, hotLabel.bottom);
  if (detail) {
    const police = textBlock(`${text.police.number}  ${text.police.label}`, {
      x: m,
      top: bandBottom + H * 0.01,
      width: W - 2 * m,
      size: W * 0.03,
      weight: 'bold',
      fill: palette.white,
    });
    shapes.push(...police.shapes);
    bandBottom = police.bottom;
  }
  const bandH = bandBottom + H * 0.025 - bandTop;
  shapes.splice(
    bandAt,
    0,
    { kind: 'rect', x: 0, y: bandTop, w: W, h: bandH, fill: palette.gold },
    { kind: 'rect', x: 0, y: bandTop + gold, w: W, h: bandH - 2 * gold, fill: palette.black },
  );

  // Footer and the QR block, anchored to the bottom.
  const stripH = H * 0.012;
  const foot = textBlock(`${text.runBy} ${text.sources}`, {
    x: m,
    top: 0,
    width: W - 2 * m,
    size: W * 0.017,
    weight: 'regular',
    fill: muted,
    lineHeight: 1.3,
  });
  const footTop = H - stripH - H * 0.02 - (foot.bottom - 0);
  shapes.push(
    ...textBlock(`${text.runBy} ${text.sources}`, {
      x: m,
      top: footTop,
      width: W - 2 * m,
      size: W * 0.017,
      weight: 'regular',
      fill: muted,
      lineHeight: 1.3,
    }).shapes,
  );
  shapes.push(...ribbon(H - stripH, W, stripH));
  const qrSize = W * (detail ? 0.25 : 0.24);
  const qrTop = footTop - H * 0.025 - qrSize;
  shapes.push({
    kind: 'qr',
    x: m - qrSize * 0.08,
    y: qrTop,
    size: qrSize,
    modules: qrModules(text.reportUrl),
    fill: palette.ink,
  });
  const qx = m + qrSize * 0.97;
  const qw = W - qx - m;
  const scan = textBlock(text.scan, {
    x: qx,
    top: qrTop + qrSize * 0.1,
    width: qw,
    size: W * 0.045,
    weight: 'bold',
    fill: palette.greenDark,
  });
  const report = textBlock(text.report, {
    x: qx,
    top: scan.bottom + H * 0.006,
    width: qw,
    size: W * 0.03,
    weight: 'regular',
    fill: palette.ink,
    lineHeight: 1.25,
  });
  const url = displayUrl(text.reportUrl);
  const urlSize = fitSize(url, 'bold', qw, 1, W * 0.032, W * 0.02);
  const link = textBlock(url, {
    x: qx,
    top: report.bottom + H * 0.008,
    width: qw + m,
    size: urlSize,
    weight: 'bold',
    fill: palette.ink,
  });
  shapes.push(...scan.shapes, ...report.shapes, ...link.shapes);

  // The signs, between the band and the QR block: as many as fit.
  let top = bandTop + bandH + H * 0.03;
  const signsTitle = textBlock(text.signsTitle, {
    x: m,
    top,
    width: W - 2 * m,
    size: W * 0.045,
    weight: 'bold',
    fill: palette.greenDark,
  });
  shapes.push(...signsTitle.shapes);
  top = signsTitle.bottom + H * 0.008;
  const signSize = W * (detail ? 0.027 : 0.031);
  const limit = qrTop - H * 0.02;
  const want = detail ? text.signs.length : Math.min(6, text.signs.length);
  for (const sign of text.signs.slice(0, want)) {
    const item = textBlock(sign, {
      x: m + signSize * 1.1,
      top,
      width: W - 2 * m - signSize * 1.1,
      size: signSize,
      weight: 'regular',
      fill: palette.ink,
      lineHeight: 1.2,
    });
    if (item.bottom > limit) break;
    shapes.push(bullet(m, top, signSize, palette.green), ...item.shapes);
    top = item.bottom + signSize * 0.25;
  }
  if (detail && top + signSize * 2.6 < limit) {
    shapes.push(
      ...textBlock(text.help, {
        x: m,
        top: top + signSize * 0.3,
        width: W - 2 * m,
        size: signSize,
        weight: 'bold',
        fill: palette.red,
      }).shapes,
    );
  }
  return { width: W, height: H, shapes };
}

/** The wallet card: the numbers on the front, the QR code on the back. */
export function walletCard(text: PrintText): Page[] {
  const { width: W, height: H } = pageSizes.card;
  const m = 4 * mm;
  const front: Shape[] = [{ kind: 'rect', x: 0, y: 0, w: W, h: H, fill: palette.black }, ...ribbon(0, W, 1.6 * mm)];
  const markW = 13 * mm;
  front.push(...mark(m, m + 1.5 * mm, markW));
  const nameX = m + markW + 2.5 * mm;
  const name = textBlock(text.campaignName, {
    x: nameX,
    top: m + 1.2 * mm,
    width: W - nameX - m,
    size: fitSize(text.campaignName, 'bold', W - nameX - m, 2, 10, 7),
    weight: 'bold',
    fill: palette.white,
    lineHeight: 1.1,
  });
  const place = textBlock(text.place.toUpperCase(), {
    x: nameX,
    top: name.bottom + 0.6 * mm,
    width: W - nameX - m,
    size: 6,
    weight: 'bold',
    fill: palette.gold,
  });
  front.push(...name.shapes, ...place.shapes);
  const lineTop = Math.max(place.bottom, m + 1.5 * mm + markW * (markBox.height / markBox.width)) + 2.5 * mm;
  const danger = textBlock(text.danger, {
    x: m,
    top: lineTop,
    width: W / 2,
    size: 7.5,
    weight: 'bold',
    fill: palette.white,
  });
  const callText = `${text.call} ${text.emergency}`;
  const call = textBlock(callText, {
    x: m,
    top: danger.bottom + 0.3 * mm,
    width: W / 2,
    size: fitSize(callText, 'bold', W / 2 - m, 1, 24, 14),
    weight: 'bold',
    fill: palette.gold,
  });
  front.push(...danger.shapes, ...call.shapes);
  const rx = W / 2 + 2 * mm;
  const hot = textBlock(text.hotline.number, {
    x: rx,
    top: lineTop,
    width: W - rx - m,
    size: 16,
    weight: 'bold',
    fill: palette.white,
  });
  const hotLabel = textBlock(text.hotline.label, {
    x: rx,
    top: hot.bottom,
    width: W - rx - m,
    size: 5.6,
    weight: 'regular',
    fill: palette.white,
    lineHeight: 1.15,
  });
  front.push(...hot.shapes, ...hotLabel.shapes);
  const police = `${text.police.number}  ${text.police.label}`;
  front.push(
    ...textBlock(police, {
      x: m,
      top: H - m - 7,
      width: W - 2 * m,
      size: fitSize(police, 'regular', W - 2 * m, 1, 7, 5),
      weight: 'regular',
      fill: palette.white,
    }).shapes,
  );

  const back: Shape[] = [{ kind: 'rect', x: 0, y: 0, w: W, h: H, fill: palette.white }];
  const qrSize = H - 2 * m + 2 * mm;
  back.push({
    kind: 'qr',
    x: m - 1 * mm,
    y: m - 1 * mm,
    size: qrSize,
    modules: qrModules(text.reportUrl),
    fill: palette.ink,
  });
  const bx = m + qrSize + 0.5 * mm;
  const bw = W - bx - m;
  const scan = textBlock(text.scan, {
    x: bx,
    top: m + 2 * mm,
    width: bw,
    size: 10,
    weight: 'bold',
    fill: palette.greenDark,
    lineHeight: 1.1,
  });
  const report = textBlock(text.report, {
    x: bx,
    top: scan.bottom + 1.2 * mm,
    width: bw,
    size: 6.5,
    weight: 'regular',
    fill: palette.ink,
    lineHeight: 1.2,
  });
  const url = displayUrl(text.reportUrl);
  const link = textBlock(url, {
    x: bx,
    top: report.bottom + 1.2 * mm,
    width: bw,
    size: fitSize(url, 'bold', bw, 2, 6.5, 4.5),
    weight: 'bold',
    fill: palette.ink,
    lineHeight: 1.15,
  });
  const keep = textBlock(text.keep, {
    x: bx,
    top: link.bottom + 1.5 * mm,
    width: bw,
    size: 5.5,
    weight: 'regular',
    fill: muted,
    lineHeight: 1.2,
  });
  back.push(...scan.shapes, ...report.shapes, ...link.shapes, ...keep.shapes, ...ribbon(H - 1.6 * mm, W, 1.6 * mm));
  return [
    { width: W, height: H, shapes: front },
    { width: W, height: H, shapes: back },
  ];
}

/** Square pictures for WhatsApp status and social posts (540 pt, drawn at 1080 px). */
export function square(kind: 'numbers' | 'signs', text: PrintText): Page {
  const S = 540;
  const m = 40;
  const shapes: Shape[] = [];
  const url = displayUrl(text.reportUrl);
  if (kind === 'numbers') {
    shapes.push({ kind: 'rect', x: 0, y: 0, w: S, h: S, fill: palette.greenDeep }, ...ribbon(0, S, 8));
    shapes.push(...mark(m, 44, 120));
    const headSize = fitSize(text.headline, 'bold', S - 190 - m, 4, 40, 26);
    shapes.push(
      ...textBlock(text.headline, {
        x: 190,
        top: 44,
        width: S - 190 - m,
        size: headSize,
        weight: 'bold',
        fill: palette.white,
        lineHeight: 1.1,
      }).shapes,
    );
    const bandTop = 250;
    shapes.push(
      { kind: 'rect', x: 0, y: bandTop, w: S, h: 200, fill: palette.gold },
      { kind: 'rect', x: 0, y: bandTop + 6, w: S, h: 188, fill: palette.black },
    );
    const danger = textBlock(text.danger, {
      x: m,
      top: bandTop + 24,
      width: S - 2 * m,
      size: 24,
      weight: 'bold',
      fill: palette.white,
    });
    const callText = `${text.call} ${text.emergency}`;
    const call = textBlock(callText, {
      x: m,
      top: danger.bottom,
      width: S - 2 * m,
      size: fitSize(callText, 'bold', S - 2 * m, 1, 64, 40),
      weight: 'bold',
      fill: palette.gold,
    });
    const hot = `${text.hotline.number}  ${text.hotline.label}`;
    const hotline = textBlock(hot, {
      x: m,
      top: call.bottom + 4,
      width: S - 2 * m,
      size: fitSize(hot, 'bold', S - 2 * m, 2, 20, 14),
      weight: 'bold',
      fill: palette.white,
    });
    shapes.push(...danger.shapes, ...call.shapes, ...hotline.shapes);
    const report = textBlock(text.report, {
      x: m,
      top: 466,
      width: S - 2 * m,
      size: 17,
      weight: 'regular',
      fill: palette.white,
    });
    shapes.push(
      ...report.shapes,
      ...textBlock(url, {
        x: m,
        top: report.bottom + 2,
        width: S - 2 * m,
        size: fitSize(url, 'bold', S - 2 * m, 1, 20, 12),
        weight: 'bold',
        fill: palette.gold,
      }).shapes,
    );
  } else {
    shapes.push({ kind: 'rect', x: 0, y: 0, w: S, h: S, fill: palette.white }, ...ribbon(0, S, 8));
    shapes.push(...mark(m, 36, 64));
    const title = textBlock(text.signsTitle, {
      x: m + 80,
      top: 44,
      width: S - 2 * m - 80,
      size: 36,
      weight: 'bold',
      fill: palette.greenDark,
    });
    shapes.push(...title.shapes);
    let top = 130;
    for (const sign of text.signs.slice(0, 6)) {
      const item = textBlock(sign, {
        x: m + 26,
        top,
        width: S - 2 * m - 26,
        size: 21,
        weight: 'regular',
        fill: palette.ink,
        lineHeight: 1.15,
      });
      if (item.bottom > 420) break;
      shapes.push(bullet(m, top, 24, palette.green), ...item.shapes);
      top = item.bottom + 9;
    }
    const bandTop = 436;
    shapes.push(
      { kind: 'rect', x: 0, y: bandTop, w: S, h: S - bandTop, fill: palette.gold },
      { kind: 'rect', x: 0, y: bandTop + 6, w: S, h: S - bandTop - 6, fill: palette.black },
    );
    const line = `${text.call} ${text.emergency} · ${text.hotline.number}`;
    const call = textBlock(line, {
      x: m,
      top: bandTop + 20,
      width: S - 2 * m,
      size: fitSize(line, 'bold', S - 2 * m, 1, 34, 22),
      weight: 'bold',
      fill: palette.gold,
    });
    shapes.push(
      ...call.shapes,
      ...textBlock(url, {
        x: m,
        top: call.bottom + 6,
        width: S - 2 * m,
        size: fitSize(url, 'bold', S - 2 * m, 1, 18, 11),
        weight: 'bold',
        fill: palette.white,
      }).shapes,
    );
  }
  return { width: S, height: S, shapes };
}

/** The 1200×630 link preview of a page (600×315 pt, drawn at 1200 px). */
export function shareCard(
  title: string,
  text: Pick<PrintText, 'campaignName' | 'place' | 'danger' | 'call' | 'emergency' | 'hotline'>,
  host: string,
): Page {
  const W = 600;
  const H = 315;
  const m = 32;
  const shapes: Shape[] = [{ kind: 'rect', x: 0, y: 0, w: W, h: H, fill: palette.greenDeep }, ...ribbon(0, W, 6)];
  const markW = 150;
  shapes.push(...mark(W - m - markW, 46, markW));
  const textW = W - 2 * m - markW - 24;
  const kicker = textBlock(`${text.campaignName} · ${text.place}`.toUpperCase(), {
    x: m,
    top: 30,
    width: textW,
    size: fitSize(`${text.campaignName} · ${text.place}`.toUpperCase(), 'bold', textW, 2, 11, 8),
    weight: 'bold',
    fill: palette.gold,
  });
  shapes.push(...kicker.shapes);
  const size = fitSize(title, 'bold', textW, 4, 38, 20);
  shapes.push(
    ...textBlock(title, {
      x: m,
      top: kicker.bottom + 12,
      width: textW,
      size,
      weight: 'bold',
      fill: palette.white,
      lineHeight: 1.1,
    }).shapes,
  );
  const bandTop = H - 68;
  shapes.push(
    { kind: 'rect', x: 0, y: bandTop, w: W, h: 68, fill: palette.gold },
    { kind: 'rect', x: 0, y: bandTop + 4, w: W, h: 64, fill: palette.black },
  );
  const line = `${text.danger} ${text.call} ${text.emergency} · ${text.hotline.number}`;
  const lineSize = fitSize(line, 'bold', W - 2 * m - textWidth(host, 12, 'bold') - 24, 1, 22, 13);
  shapes.push(
    ...textBlock(line, { x: m, top: bandTop + 22, width: W, size: lineSize, weight: 'bold', fill: palette.white })
      .shapes,
  );
  shapes.push(
    ...textBlock(host, {
      x: W - m - textWidth(host, 12, 'bold'),
      top: bandTop + 28,
      width: W,
      size: 12,
      weight: 'bold',
      fill: palette.gold,
    }).shapes,
  );
  return { width: W, height: H, shapes };
}
