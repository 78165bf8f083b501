// After the build (and after Pagefind wrote its files: this integration comes last), writes a brotli (.br) and a
// gzip (.gz) copy beside every text file in the output, at the highest settings, once, instead of compressing on
// each request. The Node server sends the copy the browser accepts (functions/node/static-files.ts); Netlify and
// Vercel compress on their own and ignore the copies. A copy that would not be smaller is not written.
import type { AstroIntegration } from 'astro';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { compressibleExtensions, encodings } from '../../functions/http/compression.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Smaller files gain too little to be worth a copy (and a response header costs about as much). */
const minBytes = 256;

async function* textFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* textFiles(path);
    else if (compressibleExtensions.includes(entry.name.slice(entry.name.lastIndexOf('.') + 1).toLowerCase()))
      yield path;
  }
}

/** Writes the copies of one file; returns its size and the brotli copy's (the original's when none was written). */
async function compressFile(path: string): Promise<{ raw: number; br: number }> {
  const bytes = await readFile(path);
  if (bytes.length < minBytes) return { raw: bytes.length, br: bytes.length };
  const [br, gz] = await Promise.all([
    brotli(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }),
    gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  const copies = { br, gzip: gz };
  for (const { coding, suffix } of encodings) {
    if (copies[coding].length < bytes.length) await writeFile(path + suffix, copies[coding]);
  }
  return { raw: bytes.length, br: Math.min(br.length, bytes.length) };
}

export async function precompressDirectory(dir: string): Promise<{ files: number; raw: number; br: number }> {
  const totals = { files: 0, raw: 0, br: 0 };
  const pending: Promise<void>[] = [];
  // A few files at a time: zlib runs on the thread pool, and thousands of buffers at once would only cost memory.
  for await (const path of textFiles(dir)) {
    pending.push(
      compressFile(path).then(({ raw, br }) => {
        totals.files++;
        totals.raw += raw;
        totals.br += br;
      }),
    );
    if (pending.length >= 8) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  return totals;
}

export function precompress(): AstroIntegration {
  return {
    name: 'precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { files, raw, br } = await precompressDirectory(fileURLToPath(dir));
        logger.info(
          `${files} text files compressed: ${(raw / 1024).toFixed(0)} KB → ${(br / 1024).toFixed(0)} KB brotli`,
        );
      },
    },
  };
}
