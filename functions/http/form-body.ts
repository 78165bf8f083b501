// Plain form bodies (multipart/form-data, RFC 7578; application/x-www-form-urlencoded), parsed from bytes already
// read under the body cap, with a cap on the number of fields and linear work: one native search for each boundary,
// one byte loop for percent-decoding. The platform's own parsers were measured at 0.2–0.5 s for a 10 MiB body
// (undici's multipart) and 2 s for 10 MiB of "+" (URLSearchParams), and they parse every field before anyone can
// count them: 1.1 M fields cost 1.5 s whether or not the client was rate-limited.
// Field names and values are UTF-8 (invalid sequences become U+FFFD, as a browser's own decoder does).

export interface FormFile {
  /** The client's file name (never trusted: photos are renamed, other names are cleaned for the MIME header). */
  filename: string;
  /** The declared Content-Type, unchecked. */
  type: string;
  bytes: Uint8Array;
}

export type FormValue = string | FormFile;
/** Field name → its values, in order. A null-prototype object, so "__proto__" is just a name. */
export type FormFields = Record<string, FormValue[]>;

export type FormParse =
  { ok: true; fields: FormFields } | { ok: false; error: 'invalid' | 'too-many-fields' | 'text-too-long' };

export interface FormLimits {
  /** Parts (multipart) or name=value pairs (urlencoded) at most. */
  maxFields: number;
  /** A text value (not a file) longer than this many bytes as sent is refused before it is decoded. */
  maxTextBytes?: number;
}

/** Header block of one multipart part: a name, a disposition, a type; far more than any browser sends. */
const maxPartHeaderBytes = 8 * 1024;
const text = new TextDecoder('utf-8');
const crlf = Buffer.from('\r\n');
const headerEnd = Buffer.from('\r\n\r\n');

export function parseFormBody(contentType: string, bytes: Uint8Array, limits: FormLimits): FormParse {
  const type = contentType.toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) return parseUrlEncoded(bytes, limits);
  if (type.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(contentType);
    return boundary ? parseMultipart(bytes, boundary, limits) : { ok: false, error: 'invalid' };
  }
  return { ok: false, error: 'invalid' };
}

function add(fields: FormFields, name: string, value: FormValue): void {
  (fields[name] ??= []).push(value);
}

/** The boundary parameter (RFC 2046 §5.1.1: 1 to 70 characters), quoted or not. */
export function boundaryOf(contentType: string): string | null {
  for (const param of contentType.split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = param.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    return value.length >= 1 && value.length <= 70 ? value : null;
  }
  return null;
}

function parseUrlEncoded(bytes: Uint8Array, limits: FormLimits): FormParse {
  const fields: FormFields = Object.create(null);
  let pairs = 0;
  for (let start = 0; start <= bytes.length;) {
    let end = bytes.indexOf(0x26 /* & */, start);
    if (end < 0) end = bytes.length;
    if (end > start) {
      if (++pairs > limits.maxFields) return { ok: false, error: 'too-many-fields' };
      let eq = bytes.indexOf(0x3d /* = */, start);
      if (eq < 0 || eq > end) eq = end;
      if (limits.maxTextBytes !== undefined && end - eq - 1 > limits.maxTextBytes)
        return { ok: false, error: 'text-too-long' };
      add(fields, percentDecode(bytes, start, eq), percentDecode(bytes, Math.min(eq + 1, end), end));
    }
    start = end + 1;
  }
  return { ok: true, fields };
}

const hexValue = (b: number | undefined): number =>
  b === undefined ? -1 : b >= 48 && b <= 57 ? b - 48 : b >= 65 && b <= 70 ? b - 55 : b >= 97 && b <= 102 ? b - 87 : -1;

/**
 * Percent-decoding of bytes[start, end) as UTF-8: %XX is a byte, and in application/x-www-form-urlencoded (WHATWG
 * URL §5.1) "+" is a space; a "%" not followed by two hex digits stays as it is.
 */
function percentDecode(bytes: Uint8Array, start: number, end: number, plusIsSpace = true): string {
  const out = new Uint8Array(end - start);
  let o = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0x2b && plusIsSpace) {
      out[o++] = 0x20;
    } else if (b === 0x25) {
      const high = hexValue(bytes[i + 1]);
      const low = i + 2 < end ? hexValue(bytes[i + 2]) : -1;
      if (high >= 0 && low >= 0 && i + 2 < end) {
        out[o++] = (high << 4) | low;
        i += 2;
      } else {
        out[o++] = b;
      }
    } else {
      out[o++] = b;
    }
  }
  return text.decode(out.subarray(0, o));
}

function parseMultipart(bytes: Uint8Array, boundary: string, limits: FormLimits): FormParse {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields: FormFields = Object.create(null);
  // The first boundary: at the very start, or after a preamble that ends in CRLF.
  let at = body.subarray(0, dashBoundary.length).equals(dashBoundary) ? 0 : body.indexOf(delimiter);
  if (at < 0) return { ok: false, error: 'invalid' };
  if (at > 0) at += 2;
  let parts = 0;
  for (;;) {
    at += dashBoundary.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return { ok: true, fields }; // the close delimiter
    while (body[at] === 0x20 || body[at] === 0x09) at++; // transport padding
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return { ok: false, error: 'invalid' };
    at += 2;
    if (++parts > limits.maxFields) return { ok: false, error: 'too-many-fields' };
    const headersEnd = body.subarray(at, at + maxPartHeaderBytes + headerEnd.length).indexOf(headerEnd);
    if (headersEnd < 0) return { ok: false, error: 'invalid' };
    const headers = partHeaders(body.subarray(at, at + headersEnd));
    if (!headers) return { ok: false, error: 'invalid' };
    const contentStart = at + headersEnd + headerEnd.length;
    const next = body.indexOf(delimiter, contentStart);
    if (next < 0) return { ok: false, error: 'invalid' };
    const content = bytes.subarray(contentStart, next);
    if (headers.filename === null && limits.maxTextBytes !== undefined && content.length > limits.maxTextBytes) {
      return { ok: false, error: 'text-too-long' };
    }
    if (headers.filename === null) add(fields, headers.name, text.decode(content));
    else add(fields, headers.name, { filename: headers.filename, type: headers.type, bytes: content });
    at = next + 2; // at the "--boundary" of the next delimiter
  }
}

/** The name, file name and type of one part (RFC 7578 §4.2), or null when it has no form-data name. */
function partHeaders(block: Buffer): { name: string; filename: string | null; type: string } | null {
  let name: string | null = null;
  let filename: string | null = null;
  let type = '';
  for (let start = 0; start < block.length;) {
    let end = block.indexOf(crlf, start);
    if (end < 0) end = block.length;
    const line = text.decode(block.subarray(start, end));
    start = end + 2;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === 'content-type') {
      type = value;
    } else if (header === 'content-disposition') {
      const params = dispositionParams(value);
      if (params === null) return null;
      name = params.get('name') ?? null;
      filename = params.get('filename*') ?? params.get('filename') ?? null;
    }
  }
  return name === null ? null : { name, filename, type };
}

/** "form-data; name=…; filename=…" → its parameters, quoted strings unescaped, filename* decoded (RFC 8187). */
function dispositionParams(value: string): Map<string, string> | null {
  const semicolon = value.indexOf(';');
  if ((semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase() !== 'form-data') return null;
  const params = new Map<string, string>();
  let i = semicolon < 0 ? value.length : semicolon + 1;
  while (i < value.length) {
    while (value[i] === ' ' || value[i] === '\t' || value[i] === ';') i++;
    const eq = value.indexOf('=', i);
    if (eq < 0) break;
    const key = value.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let param = '';
    if (value[i] === '"') {
      // A quoted string: a backslash takes the next character as it is.
      for (i++; i < value.length && value[i] !== '"'; i++)
        param += value[i] === '\\' && i + 1 < value.length ? value[++i] : value[i];
      i++;
    } else {
      const end = value.indexOf(';', i);
      param = value.slice(i, end < 0 ? value.length : end).trim();
      i = end < 0 ? value.length : end;
    }
    if (key === 'filename*') {
      const decoded = extendedValue(param);
      if (decoded !== null) params.set(key, decoded);
    } else {
      params.set(key, param);
    }
  }
  return params;
}

/** An RFC 8187 ext-value in UTF-8 ("UTF-8''a%20b"); null for another charset. */
function extendedValue(param: string): string | null {
  const quote = param.indexOf("'");
  const second = quote < 0 ? -1 : param.indexOf("'", quote + 1);
  if (second < 0 || param.slice(0, quote).toLowerCase() !== 'utf-8') return null;
  const encoded = Buffer.from(param.slice(second + 1), 'latin1');
  return percentDecode(encoded, 0, encoded.length, false);
}
