// The plain-form parser (functions/http/form-body.ts) against what browsers send and what they never do: it must
// read every browser's form exactly, refuse what is malformed, and count fields before doing any work per field.
import { describe, expect, it } from 'vitest';
import { boundaryOf, parseFormBody, type FormFile } from '../../functions/http/form-body.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const limits = { maxFields: 8 };

describe('multipart/form-data', () => {
  const type = 'multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk';
  const b = '------WebKitFormBoundary7MA4YWxk';

  it('reads what a browser sends: text fields, repeated fields, files with names and types', async () => {
    const form = new FormData();
    form.append('happened', 'Línea uno\r\nLínea dos = "comillas"');
    form.append('kind', 'child');
    form.append('kind', 'forced-labour');
    form.append(
      'attachments',
      new File([Uint8Array.of(0, 1, 2, 0x0d, 0x0a, 0x2d, 0x2d)], 'foto "uno".jpg', { type: 'image/jpeg' }),
    );
    const request = new Request('http://x/', { method: 'POST', body: form });
    const parsed = parseFormBody(
      request.headers.get('content-type')!,
      new Uint8Array(await request.arrayBuffer()),
      limits,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.fields.happened).toEqual(['Línea uno\r\nLínea dos = "comillas"']);
    expect(parsed.fields.kind).toEqual(['child', 'forced-labour']);
    const [photo, ...rest] = parsed.fields.attachments as FormFile[];
    expect(rest).toEqual([]);
    expect(photo!.filename).toBe('foto %22uno%22.jpg'); // the HTML spec escapes the quote; kept as sent
    expect(photo!.type).toBe('image/jpeg');
    expect([...photo!.bytes]).toEqual([0, 1, 2, 0x0d, 0x0a, 0x2d, 0x2d]);
  });

  it('reads a preamble, transport padding, a quoted boundary, quoted-pair escapes, an RFC 8187 file name, an empty file input', () => {
    const body =
      `preamble\r\n--${b.slice(2)}  \r\nContent-Disposition: form-data; name="a\\"b"\r\n\r\n1\r\n` +
      `--${b.slice(2)}\r\ncontent-disposition: FORM-DATA; name=file; filename*=UTF-8''caf%C3%A9+1.pdf\r\n\r\nx\r\n` +
      // An empty file input, as a browser sends it.
      `--${b.slice(2)}\r\nContent-Disposition: form-data; name="attachments"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--${b.slice(2)}--\r\n`;
    const parsed = parseFormBody(`multipart/form-data; boundary="${b.slice(2)}"`, bytes(body), limits);
    expect(parsed.ok && parsed.fields['a"b']).toEqual(['1']);
    expect(parsed.ok && (parsed.fields.file![0] as FormFile).filename).toBe('café+1.pdf');
    expect(parsed.ok && parsed.fields.attachments).toEqual([
      { filename: '', type: 'application/octet-stream', bytes: new Uint8Array() },
    ]);
  });

  it('refuses malformed bodies: no close delimiter, no blank line after headers, no name, not form-data, bad boundaries', () => {
    const refused = [
      [type, `${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1`],
      [type, `${b}\r\nContent-Disposition: form-data; name="a"\r\n1\r\n${b}--`],
      [type, `${b}\r\nContent-Type: text/plain\r\n\r\n1\r\n${b}--`],
      [type, `${b}\r\nContent-Disposition: attachment; name="a"\r\n\r\n1\r\n${b}--`],
      [type, `${b}\r\nContent-Disposition: form-data; name="a"\r\n${'X: y\r\n'.repeat(2000)}\r\n1\r\n${b}--`],
      ['multipart/form-data', `${b}--`],
      [`multipart/form-data; boundary=${'x'.repeat(71)}`, `--${'x'.repeat(71)}--`],
      [type, 'no boundary anywhere'],
    ];
    for (const [contentType, body] of refused)
      expect(parseFormBody(contentType!, bytes(body!), limits)).toEqual({ ok: false, error: 'invalid' });
    expect(boundaryOf('multipart/form-data; charset=x; BOUNDARY=abc')).toBe('abc');
  });

  it('counts parts before reading them, and refuses a text part longer than allowed before decoding it', () => {
    const part = (i: number) => `${b}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`;
    const nine = `${Array.from({ length: 9 }, (_, i) => part(i)).join('')}${b}--\r\n`;
    expect(parseFormBody(type, bytes(nine), limits)).toEqual({ ok: false, error: 'too-many-fields' });
    const eight = `${Array.from({ length: 8 }, (_, i) => part(i)).join('')}${b}--\r\n`;
    expect(parseFormBody(type, bytes(eight), limits).ok).toBe(true);
    const long = `${b}\r\nContent-Disposition: form-data; name="happened"\r\n\r\n${'a'.repeat(101)}\r\n${b}--\r\n`;
    expect(parseFormBody(type, bytes(long), { maxFields: 8, maxTextBytes: 100 })).toEqual({
      ok: false,
      error: 'text-too-long',
    });
    const file = `${b}\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n${'a'.repeat(101)}\r\n${b}--\r\n`;
    expect(parseFormBody(type, bytes(file), { maxFields: 8, maxTextBytes: 100 }).ok).toBe(true); // files are not text
  });
});

describe('application/x-www-form-urlencoded', () => {
  const type = 'application/x-www-form-urlencoded';

  it('decodes as URLSearchParams does: + and %XX, UTF-8, stray % kept, empty pairs skipped', () => {
    const body = 'happened=caf%C3%A9+con+le%25che&where=%zz%4&&lang=es&flag&__proto__=x&kind=a&kind=b';
    const parsed = parseFormBody(type, bytes(body), limits);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const reference = new URLSearchParams(body);
    for (const name of ['happened', 'where', 'lang', 'flag', 'kind'])
      expect([name, parsed.fields[name]]).toEqual([name, reference.getAll(name)]);
    expect(Object.getPrototypeOf(parsed.fields)).toBeNull();
    expect(parsed.fields.__proto__).toEqual(['x']);
  });

  it("counts pairs before decoding them, and bounds a value's encoded length", () => {
    expect(parseFormBody(type, bytes(Array.from({ length: 9 }, (_, i) => `f${i}=1`).join('&')), limits)).toEqual({
      ok: false,
      error: 'too-many-fields',
    });
    expect(parseFormBody(type, bytes(`a=${'%41'.repeat(34)}`), { maxFields: 8, maxTextBytes: 100 })).toEqual({
      ok: false,
      error: 'text-too-long',
    });
    expect(parseFormBody(type, bytes(''), limits)).toEqual({ ok: true, fields: Object.create(null) });
  });
});
