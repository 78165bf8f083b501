// Builds the one MIME entity the task force decrypts: a readable text summary of every answer, then the
// attachments, padded to a size bucket so the ciphertext's length says little about what was written.
import { choiceFields, textFields, type TipAnswers } from './tip-fields.ts';

export interface TipAttachment {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface TipEntityInput {
  answers: TipAnswers;
  attachments: TipAttachment[];
  receipt: string;
  /** The language the form was filled in. */
  locale: string;
  /** Hour the report was sent, already coarsened by the caller ("2026-11-27T20:00Z"). */
  sentHour: string;
  /** Fills the MIME boundary; the browser and the server pass crypto-random bytes. */
  randomBytes: (length: number) => Uint8Array;
}

const CRLF = '\r\n';

/** Plaintext size buckets: powers of two up to 1 MiB, then whole MiB up to the largest possible report. */
export const paddingBuckets: readonly number[] = [
  ...[14, 15, 16, 17, 18, 19, 20].map((p) => 2 ** p),
  ...[2, 3, 4, 5, 6, 7].map((m) => m * 2 ** 20),
];

/** Every way a text can start a new line: CR, LF, NEL, VT, FF, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- VT and FF are line breaks here, on purpose
const lineBreaks = /\r\n|[\r\n\u0085\u000b\u000c\u2028\u2029]/g;

/** A single-line answer or a file name on one line, so it cannot add a line such as "Reference code: …". */
function oneLine(value: string): string {
  return value.replace(lineBreaks, ' ');
}

/** A multi-line answer indented by two spaces, so none of its lines can pass for one of the summary's own. */
function indented(value: string): string {
  return value
    .split(lineBreaks)
    .map((line) => `  ${line}`)
    .join('\n');
}

/**
 * The text the officer reads first. Its own lines ("Reference code: …", "Where: …") start at the left margin;
 * whatever a tipster typed is kept on its line or indented under its label, so a report cannot carry a second,
 * forged "Reference code:" line (a phone call is matched to a tip by that code).
 */
export function summaryText(
  input: Pick<TipEntityInput, 'answers' | 'attachments' | 'receipt' | 'locale' | 'sentHour'>,
): string {
  const { answers } = input;
  const lines = [
    'Anonymous report to the National Task Force against human trafficking',
    `Reference code: ${input.receipt}`,
    `Form language: ${input.locale}`,
    `Sent (to the hour, UTC): ${input.sentHour}`,
    '',
  ];
  for (const field of choiceFields) {
    const chosen = answers.choices[field.name] ?? [];
    const options = field.options as Record<string, string>;
    const labels = chosen.filter((v) => Object.hasOwn(options, v)).map((v) => options[v]);
    lines.push(`${field.label}: ${labels.length ? labels.join('; ') : '(not answered)'}`);
  }
  lines.push('');
  for (const field of textFields) {
    const value = (answers.text[field.name] ?? '').trim();
    if (field.multiline) {
      lines.push(`${field.label}:`, indented(value || '(not answered)'), '');
    } else {
      lines.push(`${field.label}: ${oneLine(value) || '(not answered)'}`);
    }
  }
  lines.push('');
  if (input.attachments.length === 0) {
    lines.push('Attachments: none');
  } else {
    lines.push(`Attachments (${input.attachments.length}):`);
    for (const a of input.attachments)
      lines.push(`- ${oneLine(a.filename)} (${oneLine(a.contentType)}, ${a.bytes.length} bytes)`);
    lines.push(
      answers.keepPhotoLocation
        ? 'The reporter chose to keep the location recorded in photos.'
        : 'Location and camera data were removed from photos before sending.',
    );
  }
  return lines.join('\n').replace(/\r?\n/g, CRLF) + CRLF;
}

export function buildTipEntity(input: TipEntityInput): Uint8Array {
  const boundary = `tip-${hex(input.randomBytes(12))}`;
  const encoder = new TextEncoder();
  // Built as byte chunks and written once into the padded buffer: a 4 MB report never becomes a string.
  const chunks: Uint8Array[] = [
    encoder.encode(
      `Content-Type: multipart/mixed; boundary="${boundary}"${CRLF}${CRLF}` +
        `--${boundary}${CRLF}` +
        `Content-Type: text/plain; charset=utf-8${CRLF}` +
        `Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}` +
        quotedPrintable(summaryText(input)),
    ),
  ];
  for (const a of input.attachments) {
    const name = safeFilename(a.filename);
    chunks.push(
      encoder.encode(
        `--${boundary}${CRLF}` +
          `Content-Type: ${a.contentType}; name="${name}"${CRLF}` +
          `Content-Disposition: attachment; filename="${name}"${CRLF}` +
          `Content-Transfer-Encoding: base64${CRLF}${CRLF}`,
      ),
      base64Lines(a.bytes),
    );
  }
  chunks.push(encoder.encode(`--${boundary}--${CRLF}`));
  return padded(chunks);
}

/** Pads with an epilogue after the closing boundary, which MIME readers ignore. */
export function pad(entity: Uint8Array): Uint8Array {
  return padded([entity]);
}

const filler = new TextEncoder().encode(`${'.'.repeat(74)}${CRLF}`);

function padded(chunks: readonly Uint8Array[]): Uint8Array {
  const length = chunks.reduce((n, c) => n + c.length, 0);
  const target = paddingBuckets.find((b) => b >= length) ?? length;
  if (chunks.length === 1 && target === length) return chunks[0]!;
  const out = new Uint8Array(target);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  for (let i = 0; at < target; at++, i++) out[at] = filler[i % filler.length]!;
  return out;
}

const base64Alphabet = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

/** Base64 in 76-character CRLF-ended lines, written straight into bytes (btoa would need a binary string first). */
function base64Lines(bytes: Uint8Array): Uint8Array {
  const chars = Math.ceil(bytes.length / 3) * 4;
  const out = new Uint8Array(chars + Math.ceil(chars / 76) * 2);
  const a = base64Alphabet;
  let o = 0;
  let column = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out[o++] = a[b0 >> 2]!;
    out[o++] = a[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    out[o++] = b1 === undefined ? 61 : a[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    out[o++] = b2 === undefined ? 61 : a[b2 & 63]!;
    column += 4;
    if (column === 76) {
      out[o++] = 13;
      out[o++] = 10;
      column = 0;
    }
  }
  if (column > 0) {
    out[o++] = 13;
    out[o] = 10;
  }
  return out;
}

/** Quoted-printable keeps the summary readable as it is when an officer decrypts it with plain gpg. */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split(CRLF)) {
    let encoded = '';
    const bytes = new TextEncoder().encode(line);
    bytes.forEach((b, i) => {
      const last = i === bytes.length - 1;
      const plain = (b >= 33 && b <= 126 && b !== 61) || (b === 32 && !last);
      encoded += plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    });
    let rest = encoded;
    while (rest.length > 76) {
      let cut = 75;
      const escape = rest.lastIndexOf('=', cut - 1);
      if (escape > cut - 3) cut = escape;
      out.push(`${rest.slice(0, cut)}=`);
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out.join(CRLF);
}

function safeFilename(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .slice(0, 100)
    .trim();
  return cleaned || 'attachment';
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
