// The built site from dist/, as the Node server sends it: the brotli or gzip copy the build made beside a text file
// (src/integrations/precompress.ts) when the browser accepts it, with Vary: Accept-Encoding; how long it may be
// kept (http/cache-policy.ts); an ETag and Last-Modified, so an unchanged page costs a 304 and no body.
// A Range request gets the file as it is (byte ranges of a compressed copy would not be ranges of the file).
// @hono/node-server's serveStatic was not enough: it ignores q-values ("br;q=0"), sends Vary only with a
// compressed copy, sends ranges of compressed copies and has no ETag.
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Context, MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { chooseEncoding, compressibleExtensions, encodings, type Coding } from '../http/compression.ts';
import { cacheControlFor } from '../http/cache-policy.ts';

async function fileStats(path: string): Promise<Stats | null> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/**
 * The file a URL path names under root, or null for a path that could leave it or name nothing sensible. Each
 * segment is decoded on its own: the router's path keeps %2F encoded, so an encoded slash is one segment to the
 * routes (the rule keeping /desk/ to the desk's host name never saw /desk%2findex.html) and must stay one here.
 */
export function filePath(root: string, urlPath: string): string | null {
  if (!urlPath.startsWith('/')) return null;
  const segments: string[] = [];
  for (const raw of urlPath.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment.includes('/') || segment.includes('\\') || segment.includes('\0')) return null;
    segments.push(segment);
  }
  // No dot segments, no empty segment except a final one (a directory's index).
  if (segments.some((s, i) => s === '.' || s === '..' || (s === '' && i < segments.length - 1))) return null;
  return join(root, ...segments, urlPath.endsWith('/') ? 'index.html' : '');
}

/** A strong validator of one representation: its size and modification time (the build rewrites what changes). */
const etagOf = (stats: Stats, coding: Coding | null) =>
  `"${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}${coding ? `-${coding}` : ''}"`;

function matchesEtag(header: string, etag: string): boolean {
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** Whether the client's copy is current (RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since). */
function notModified(c: Context, etag: string, stats: Stats): boolean {
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch !== undefined) return matchesEtag(ifNoneMatch, etag);
  const since = Date.parse(c.req.header('if-modified-since') ?? '');
  return Number.isFinite(since) && Math.floor(stats.mtimeMs / 1000) * 1000 <= since;
}

/** One byte range (start, end inclusive) of a file of `size` bytes; 'ignore' for what is sent whole; 'unsatisfiable'. */
export function byteRange(header: string, size: number): { start: number; end: number } | 'ignore' | 'unsatisfiable' {
  if (!header.startsWith('bytes=') || header.includes(',') || header.length > 64) return 'ignore'; // one range only
  const spec = header.slice(6).trim();
  const dash = spec.indexOf('-');
  if (dash < 0) return 'ignore';
  const digits = (s: string) => s.length > 0 && s.length <= 15 && [...s].every((ch) => ch >= '0' && ch <= '9');
  const first = spec.slice(0, dash);
  const last = spec.slice(dash + 1);
  if (first === '') {
    if (!digits(last)) return 'ignore';
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  if (!digits(first) || (last !== '' && !digits(last))) return 'ignore';
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return 'ignore';
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

const body = (path: string, range?: { start: number; end: number }) =>
  Readable.toWeb(createReadStream(path, range)) as ReadableStream<Uint8Array>;

export function staticFiles(root: string): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let path = filePath(root, c.req.path);
    if (!path) return next();
    let stats = await fileStats(path);
    if (!stats && !c.req.path.endsWith('/')) {
      // A directory asked for without its slash: its index, as before.
      path = join(path, 'index.html');
      stats = await fileStats(path);
    }
    if (!stats) return next();

    const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
    const compressible = compressibleExtensions.includes(extension);
    const headers: Record<string, string> = {
      'Content-Type': getMimeType(path) ?? 'application/octet-stream',
      'Cache-Control': cacheControlFor(c.req.path),
    };
    if (compressible) headers.Vary = 'Accept-Encoding';

    const rangeHeader = c.req.method === 'GET' ? c.req.header('range') : undefined;
    let coding: Coding | null = null;
    let sent = { path, stats };
    if (compressible && rangeHeader === undefined) {
      const copies = new Map<Coding, { path: string; stats: Stats }>();
      for (const { coding: name, suffix } of encodings) {
        const copy = await fileStats(path + suffix);
        if (copy) copies.set(name, { path: path + suffix, stats: copy });
      }
      coding = chooseEncoding(c.req.header('accept-encoding'), new Set(copies.keys()));
      if (coding) sent = copies.get(coding)!;
    }
    const etag = etagOf(sent.stats, coding);
    headers.ETag = etag;
    headers['Last-Modified'] = stats.mtime.toUTCString();
    if (notModified(c, etag, sent.stats)) return c.body(null, 304, headers);
    if (coding) headers['Content-Encoding'] = coding;
    else headers['Accept-Ranges'] = 'bytes';

    const size = sent.stats.size;
    // A range is honoured only while the file is the one the client has part of (If-Range: its ETag).
    const ifRange = c.req.header('if-range');
    const range =
      rangeHeader !== undefined && (ifRange === undefined || ifRange === etag)
        ? byteRange(rangeHeader, size)
        : 'ignore';
    if (range === 'unsatisfiable') return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${size}` });
    if (range !== 'ignore') {
      headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
      headers['Content-Length'] = String(range.end - range.start + 1);
      return c.body(body(sent.path, range), 206, headers);
    }
    headers['Content-Length'] = String(size);
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(body(sent.path), 200, headers);
  };
}
