// QR codes as module matrices (uqr): the printed code holds the plain report-page address in the reader's
// language, with no tracking parameter. Error correction Q, so a folded or scuffed poster still scans.
import { encode } from 'uqr';

export function qrModules(url: string): boolean[][] {
  return encode(url, { ecc: 'Q', border: 0 }).data;
}

/** Runs of dark modules per row, as [column, row, length]: fewer, longer rectangles than one per module. */
export function darkRuns(modules: boolean[][]): [number, number, number][] {
  const runs: [number, number, number][] = [];
  modules.forEach((row, y) => {
    let start = -1;
    row.forEach((dark, x) => {
      if (dark && start < 0) start = x;
      if ((!dark || x === row.length - 1) && start >= 0) {
        const end = dark ? x + 1 : x;
        runs.push([start, y, end - start]);
        start = -1;
      }
    });
  });
  return runs;
}
