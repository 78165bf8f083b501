// St. Kitts (north-west) and Nevis (south-east) as outlines in a 200×204 box, projected from Natural Earth's
// 1:10m countries (public domain, via the world-atlas npm package) and smoothed when drawn. The data were read once;
// the coordinates are kept here so the build needs no map package.
const stKitts: [number, number][] = [
  [131.1, 97.1],
  [140, 102.6],
  [146.7, 112.4],
  [146.7, 123.3],
  [133.3, 128.8],
  [124.4, 123.3],
  [117.8, 99.3],
  [106.7, 91.7],
  [97.8, 81.9],
  [93.3, 80.8],
  [73.3, 81.9],
  [64.4, 80.8],
  [44.4, 72],
  [17.8, 55.7],
  [0, 34.9],
  [4.4, 14.2],
  [8.9, 12],
  [13.3, 9.8],
  [22.2, 6.5],
  [26.7, 0],
  [86.7, 37.1],
  [102.2, 53.5],
  [113.3, 80.8],
  [120, 92.8],
];
const nevis: [number, number][] = [
  [162.2, 137.5],
  [175.6, 138.6],
  [186.7, 141.9],
  [195.6, 150.6],
  [200, 164.8],
  [200, 191],
  [195.6, 198.6],
  [182.2, 204.1],
  [153.3, 201.9],
  [144.4, 177.9],
  [151.1, 150.6],
];

/** A closed Catmull-Rom curve through the points, as cubic Béziers: the coarse outline without its corners. */
function smooth(points: [number, number][]): string {
  const n = points.length;
  const at = (i: number) => points[(i + n) % n]!;
  let d = `M${at(0)[0]} ${at(0)[1]}`;
  for (let i = 0; i < n; i++) {
    const [p0, p1, p2, p3] = [at(i - 1), at(i), at(i + 1), at(i + 2)];
    const c1 = [p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6];
    const c2 = [p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6];
    d += `C${c1.map((v) => v.toFixed(1)).join(' ')} ${c2.map((v) => v.toFixed(1)).join(' ')} ${p2[0]} ${p2[1]}`;
  }
  return `${d}Z`;
}

export const islandsPath = smooth(stKitts) + smooth(nevis);
