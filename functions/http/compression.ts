// Compression of the site's text files: which files the build compresses (src/integrations/precompress.ts), and
// which of the precompressed copies of a file to send, from the request's Accept-Encoding (RFC 9110 §12.5.3):
// the acceptable coding with the highest weight, brotli before gzip on a tie, else none (the file as it is).
// Identity is always sent as the last resort rather than a 406: a page that arrives is better than an error.
// Linear in the header, no regular expression, and only the first maxHeaderLength characters are read.

/** Files whose name ends in one of these are compressed at build and sent compressed. */
export const compressibleExtensions: readonly string[] = [
  'html',
  'css',
  'js',
  'mjs',
  'json',
  'svg',
  'xml',
  'txt',
  'asc',
  'webmanifest',
];

/** Precompressed copies, best first, with the file name suffix each is stored under (made at build). */
export const encodings = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;

export type Coding = (typeof encodings)[number]['coding'];

/** Longer headers are read only this far (real browsers send about 30 characters). */
const maxHeaderLength = 512;

/** The weight of a `;q=` parameter, or null when it is not a valid qvalue (then the entry is ignored). */
function weight(params: string[]): number | null {
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
    const text = param.slice(eq + 1).trim();
    if (text.length === 0 || text.length > 5) return null;
    const value = Number(text);
    return Number.isFinite(value) && value >= 0 && value <= 1 ? value : null;
  }
  return 1;
}

/** The weight the header gives each coding (`*` for any not named), lower-cased names. */
export function acceptedWeights(header: string | undefined | null): Map<string, number> {
  const weights = new Map<string, number>();
  if (!header) return weights;
  for (const entry of header.slice(0, maxHeaderLength).split(',')) {
    const [name, ...params] = entry.split(';');
    const coding = name!.trim().toLowerCase();
    if (!coding) continue;
    const q = weight(params);
    if (q === null) continue;
    // "x-gzip" is gzip (RFC 9110 §8.4.1.3).
    const key = coding === 'x-gzip' ? 'gzip' : coding;
    weights.set(key, Math.max(q, weights.get(key) ?? 0));
  }
  return weights;
}

/**
 * The coding to send among those the file has copies in (`available`), or null for the file as it is. A coding the
 * client gave weight 0, or did not name when it sent no `*`, is never chosen; nor is one the client weighs below
 * an explicit `identity`.
 */
export function chooseEncoding(header: string | undefined | null, available: ReadonlySet<Coding>): Coding | null {
  const weights = acceptedWeights(header);
  const any = weights.get('*') ?? 0;
  let best: Coding | null = null;
  let bestWeight = 0;
  for (const { coding } of encodings) {
    if (!available.has(coding)) continue;
    const q = weights.get(coding) ?? any;
    if (q > bestWeight) {
      best = coding;
      bestWeight = q;
    }
  }
  // A client may prefer the file as it is ("identity;q=1, br;q=0.5").
  const identity = weights.get('identity');
  return identity !== undefined && identity > bestWeight ? null : best;
}
