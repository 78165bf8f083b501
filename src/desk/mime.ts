// Reads the one MIME shape the tip line writes (src/shared/tip-entity.ts): a header block (Content-Type multipart/mixed
// with a boundary, X-Reply-Key and X-Followup-Key, or a follow-up's X-Followup-Signature), a text/plain summary
// (8bit UTF-8; quoted-printable in reports written before 2026-12-02), then base64 attachments, then padding after
// the closing boundary. The text is decrypted attacker input, so the work is bounded: a fixed number of parts and
// header bytes, linear scans with indexOf, no regular expression that can backtrack, nothing recursive.

export interface MimePart {
  headers: Map<string, string>;
  contentType: string;
  filename: string | null;
  bytes: Uint8Array;
}

export interface MimeEntity {
  headers: Map<string, string>;
  text: string;
  attachments: MimePart[];
}

export const mimeLimits = { maxParts: 16, maxHeaderBytes: 16 * 1024, maxHeaders: 32 } as const;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** Header lines (folded lines joined) up to the first empty line; names lower-cased; the first of each name. */
function readHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const lines = block.split('\r\n');
  let current: string | null = null;
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current !== null) headers.set(current, `${headers.get(current)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (headers.size >= mimeLimits.maxHeaders) break;
    const name = line.slice(0, colon).trim().toLowerCase();
    current = headers.has(name) ? null : name;
    if (current !== null) headers.set(current, line.slice(colon + 1).trim());
  }
  return headers;
}

/** A parameter of a header value (`name="x"` or `name=x`), without a regular expression. */
export function headerParam(value: string, param: string): string | null {
  for (const piece of value.split(';').slice(1)) {
    const eq = piece.indexOf('=');
    if (eq < 0 || piece.slice(0, eq).trim().toLowerCase() !== param) continue;
    let v = piece.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    return v;
  }
  return null;
}

function decodeQuotedPrintable(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 61) {
      out[n++] = c & 0xff;
      continue;
    }
    if (text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 2; // soft line break
      continue;
    }
    const hex = parseInt(text.slice(i + 1, i + 3), 16);
    if (Number.isNaN(hex)) out[n++] = c;
    else {
      out[n++] = hex;
      i += 2;
    }
  }
  return out.slice(0, n);
}

function decodeBase64(text: string): Uint8Array {
  let clean = '';
  for (let i = 0; i < text.length; i += 65536) clean += text.slice(i, i + 65536).replace(/[^A-Za-z0-9+/]/g, '');
  const usable = clean.length - (clean.length % 4 === 1 ? 1 : 0);
  const binary = atob(clean.slice(0, usable) + '='.repeat((4 - (usable % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodeBody(headers: Map<string, string>, body: string): Uint8Array {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return decodeBase64(body);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  const bytes = new Uint8Array(body.length);
  for (let i = 0; i < body.length; i++) bytes[i] = body.charCodeAt(i) & 0xff;
  return bytes;
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end);
  if (head.length > mimeLimits.maxHeaderBytes) throw new Error('mime: header block too large');
  return { headers: readHeaders(head), body: end < 0 ? '' : raw.slice(end + 4) };
}

/** The report or follow-up as the officer reads it; a plain text (no MIME) is shown as it is. */
export function parseEntity(bytes: Uint8Array): MimeEntity {
  const raw = latin1.decode(bytes); // one byte per character, so part bodies can be cut by index
  const top = splitHead(raw);
  const type = top.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/')) {
    const hasHeaders = top.headers.size > 0 && raw.indexOf('\r\n\r\n') >= 0;
    return {
      headers: hasHeaders ? top.headers : new Map(),
      text: utf8.decode(hasHeaders ? decodeBody(top.headers, top.body) : bytes),
      attachments: [],
    };
  }
  const boundary = headerParam(type, 'boundary');
  if (!boundary || boundary.length > 70) throw new Error('mime: no usable boundary');
  const delimiter = `--${boundary}`;
  const parts: MimePart[] = [];
  let text = '';
  let at = top.body.indexOf(delimiter);
  while (at >= 0) {
    const after = at + delimiter.length;
    if (top.body.startsWith('--', after)) break; // the closing boundary: padding follows
    const next = top.body.indexOf(`\r\n${delimiter}`, after);
    if (next < 0) break;
    if (parts.length >= mimeLimits.maxParts) throw new Error('mime: too many parts');
    const part = splitHead(top.body.slice(after + 2, next));
    const contentType = (part.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
    const disposition = part.headers.get('content-disposition') ?? '';
    const filename =
      headerParam(disposition, 'filename') ?? headerParam(part.headers.get('content-type') ?? '', 'name');
    const decoded = decodeBody(part.headers, part.body);
    if (contentType === 'text/plain' && !filename && text === '') text = utf8.decode(decoded);
    else
      parts.push({
        headers: part.headers,
        contentType,
        filename: filename ? utf8.decode(latin1Bytes(filename)) : null,
        bytes: decoded,
      });
    at = next + 2;
  }
  return { headers: top.headers, text, attachments: parts };
}

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export { latin1 };
