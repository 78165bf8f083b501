// Accept-Encoding negotiation (functions/http/compression.ts) and the static server's path and range rules
// (functions/node/static-files.ts), including what hostile headers get. The same through the real server:
// tests/functions/server.test.ts.
import { describe, expect, it } from 'vitest';
import { chooseEncoding, type Coding } from '../../functions/http/compression.ts';
import { byteRange, filePath } from '../../functions/node/static-files.ts';

const both = new Set<Coding>(['br', 'gzip']);

describe('chooseEncoding', () => {
  it('prefers brotli, then gzip, as browsers send the header', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(chooseEncoding('gzip, deflate', both)).toBe('gzip');
    expect(chooseEncoding('x-gzip', both)).toBe('gzip');
    expect(chooseEncoding('GZIP', both)).toBe('gzip');
    expect(chooseEncoding('gzip, br', new Set<Coding>(['gzip']))).toBe('gzip');
  });

  it('follows the weights: a zero refuses, a higher weight wins, * covers what is not named', () => {
    expect(chooseEncoding('br;q=0, gzip', both)).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.8', both)).toBe('gzip');
    expect(chooseEncoding('br ; q=0.9 , gzip;q=0.9', both)).toBe('br');
    expect(chooseEncoding('*', both)).toBe('br');
    expect(chooseEncoding('*;q=0.5, br;q=0', both)).toBe('gzip');
    expect(chooseEncoding('identity;q=1, br;q=0.5', both)).toBeNull();
  });

  it('sends the file as it is when nothing acceptable is on offer', () => {
    for (const header of [undefined, '', 'identity', 'deflate', 'br;q=0, gzip;q=0', '*;q=0', 'zstd']) {
      expect(chooseEncoding(header, both), String(header)).toBeNull();
    }
    expect(chooseEncoding('br', new Set())).toBeNull();
  });

  it('ignores malformed weights and reads a huge header only so far, in linear time', () => {
    expect(chooseEncoding('br;q=2, gzip', both)).toBe('gzip');
    expect(chooseEncoding('br;q=abc, gzip;q=0.1', both)).toBe('gzip');
    expect(chooseEncoding('br;q=, gzip', both)).toBe('gzip');
    expect(chooseEncoding(`${'x, '.repeat(100_000)}br`, both)).toBeNull(); // br is past the part that is read
    expect(chooseEncoding(`br;${'q'.repeat(1_000_000)}`, both)).toBe('br'); // a parameter that is not q: weight 1
  });
});

describe('filePath', () => {
  it('maps a URL path under the root, directories to their index', () => {
    expect(filePath('/srv/dist', '/en/report/')).toBe('/srv/dist/en/report/index.html');
    expect(filePath('/srv/dist', '/')).toBe('/srv/dist/index.html');
    expect(filePath('/srv/dist', '/_astro/a.js')).toBe('/srv/dist/_astro/a.js');
    expect(filePath('/srv/dist', '/caf%C3%A9.txt')).toBe('/srv/dist/café.txt');
  });

  it('refuses anything that could leave the root', () => {
    for (const path of [
      '/../etc/passwd',
      '/en/../../x',
      '/..%2f..%2fpackage.json',
      '/a//b',
      '/a%5c..%5cb',
      '/a%00.html',
      '/%E0%A4%A',
      '/./x',
    ]) {
      expect(filePath('/srv/dist', path), path).toBeNull();
    }
  });

  it('refuses an encoded slash, which the router saw as part of one segment (the desk page under /desk%2findex.html)', () => {
    // The router's path keeps %2F encoded, so /desk%2findex.html never matched the rule that keeps /desk/ off the
    // public host name; decoded here whole, it named dist/desk/index.html.
    for (const path of ['/desk%2findex.html', '/desk%2Findex.html', '/en%2freport%2f', '/a%5cb']) {
      expect(filePath('/srv/dist', path), path).toBeNull();
    }
  });
});

describe('byteRange', () => {
  it('reads one range, suffix and open-ended ones too', () => {
    expect(byteRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(byteRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(byteRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(byteRange('bytes=990-2000', 1000)).toEqual({ start: 990, end: 999 });
  });

  it('sends the whole file for what it does not honour, and says so for a range past the end', () => {
    for (const header of [
      'bytes=0-1,3-4',
      'items=0-1',
      'bytes=abc',
      'bytes=5-1',
      `bytes=${'9'.repeat(100)}-`,
      'bytes=',
    ]) {
      expect(byteRange(header, 1000), header).toBe('ignore');
    }
    expect(byteRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(byteRange('bytes=-0', 1000)).toBe('unsatisfiable');
  });
});
