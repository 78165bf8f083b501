// Renders drawings (scene.ts) as a print-ready PDF: vector shapes, the QR code as vector rectangles, and real text
// in the embedded campaign font (subset), so the numbers can be selected, searched and read aloud.
import fontkit from '@pdf-lib/fontkit';
import {
  PDFDocument,
  type PDFFont,
  type PDFPage,
  type PDFOperator,
  appendBezierCurve,
  clip,
  closePath,
  endPath,
  fill,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
} from 'pdf-lib';
import { fontBytes, type Weight } from './fonts.ts';
import { darkRuns } from './qr.ts';
import type { Page } from './scene.ts';

function colour(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255];
}

/** Path operators for absolute M/L/C/Z data, placed at (x, y) and scaled, on a page `height` points tall. */
function pathOperators(d: string, x: number, y: number, scale: number, height: number): PDFOperator[] {
  const ops: PDFOperator[] = [];
  const tokens = d.match(/[MLCZ]|-?\d*\.?\d+(?:e-?\d+)?/gi) ?? [];
  const X = (v: number) => x + v * scale;
  const Y = (v: number) => height - (y + v * scale);
  let i = 0;
  let command = '';
  const num = () => Number(tokens[i++]);
  while (i < tokens.length) {
    if (/^[MLCZ]$/i.test(tokens[i]!)) command = tokens[i++]!.toUpperCase();
    if (command === 'M') {
      ops.push(moveTo(X(num()), Y(num())));
      command = 'L';
    } else if (command === 'L') {
      ops.push(lineTo(X(num()), Y(num())));
    } else if (command === 'C') {
      const [a, b, c, e, g, h] = [num(), num(), num(), num(), num(), num()];
      ops.push(appendBezierCurve(X(a), Y(b), X(c), Y(e), X(g), Y(h)));
    } else if (command === 'Z') {
      ops.push(closePath());
    } else {
      throw new Error(`to-pdf: unsupported path data near "${tokens[i]}" (use absolute M, L, C, Z)`);
    }
  }
  return ops;
}

function drawPage(page: PDFPage, drawing: Page, fonts: Record<Weight, PDFFont>): void {
  const H = drawing.height;
  for (const shape of drawing.shapes) {
    switch (shape.kind) {
      case 'rect':
        page.drawRectangle({
          x: shape.x,
          y: H - shape.y - shape.h,
          width: shape.w,
          height: shape.h,
          color: rgb(...colour(shape.fill)),
        });
        break;
      case 'path': {
        const ops: PDFOperator[] = [pushGraphicsState()];
        if (shape.clip) ops.push(...pathOperators(shape.clip, shape.x, shape.y, shape.scale, H), clip(), endPath());
        ops.push(
          setFillingRgbColor(...colour(shape.fill)),
          ...pathOperators(shape.d, shape.x, shape.y, shape.scale, H),
          fill(),
          popGraphicsState(),
        );
        page.pushOperators(...ops);
        break;
      }
      case 'text':
        page.drawText(shape.text, {
          x: shape.x,
          y: H - shape.y,
          size: shape.size,
          font: fonts[shape.weight],
          color: rgb(...colour(shape.fill)),
        });
        break;
      case 'qr': {
        const unit = shape.size / (shape.modules.length + 8);
        page.drawRectangle({
          x: shape.x,
          y: H - shape.y - shape.size,
          width: shape.size,
          height: shape.size,
          color: rgb(1, 1, 1),
        });
        const ops: PDFOperator[] = [pushGraphicsState(), setFillingRgbColor(...colour(shape.fill))];
        for (const [mx, my, len] of darkRuns(shape.modules)) {
          ops.push(rectangle(shape.x + (mx + 4) * unit, H - shape.y - (my + 5) * unit, len * unit, unit));
        }
        ops.push(fill(), popGraphicsState());
        page.pushOperators(...ops);
        break;
      }
    }
  }
}

export async function pagesToPdf(
  pages: Page[],
  meta: { title: string; author: string; subject: string; language: string },
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const fonts = {
    regular: await pdf.embedFont(fontBytes('regular'), { subset: true }),
    bold: await pdf.embedFont(fontBytes('bold'), { subset: true }),
  };
  for (const drawing of pages) drawPage(pdf.addPage([drawing.width, drawing.height]), drawing, fonts);
  pdf.setTitle(meta.title);
  pdf.setAuthor(meta.author);
  pdf.setSubject(meta.subject);
  pdf.setLanguage(meta.language);
  pdf.setCreator('skn-against-trafficking build');
  pdf.setProducer('pdf-lib');
  // A fixed date keeps the files identical from build to build when nothing they show has changed.
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  return pdf.save();
}
