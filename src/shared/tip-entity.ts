// Builds the one MIME entity the task force decrypts: a readable text summary of the answers, then the
// attachments, padded (Padmé: at most 12% more, far less for a report with photos) so the ciphertext's length
// says little about what was written. What the padded length still tells: docs/padding.md.
//
// The reference code is not in the report (it never reaches the server, nor the report: the desk finds a thread
// from a code read out on the phone by deriving its lookup token). The report carries, as a header of its outermost
// MIME entity, the tipster's reply key (`X-Reply-Key: x25519:…`, src/shared/followup/): the desk seals replies to
// the key it reads there, never to one a server hands it; and the key the tipster's follow-ups are signed with
// (`X-Followup-Key: ed25519:…`), which the desk checks them against. A report sent without JavaScript has neither.
// A signed follow-up's first header is its signature (`X-Followup-Signature`, src/shared/followup/signature.ts).
import { parseReplyKey, replyKeyHeader } from './followup/reply-key.ts';
import { followupKeyHeader, parseFollowupKey, signatureSlotLine } from './followup/followup-headers.ts';
import { choiceFields, textFields, type TipAnswers } from './tip-fields.ts';

export interface TipAttachment {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface TipEntityInput {
  answers: TipAnswers;
  attachments: TipAttachment[];
  /** The tipster's reply key as formatReplyKey writes it; null when there is none (a report sent without JavaScript). */
  replyKey: string | null;
  /** A report's follow-up signing key as formatFollowupKey writes it; absent where the browser cannot sign. */
  followupKey?: string | null;
  /**
   * Set for a follow-up to an earlier report (the status page): its one message, instead of the form's answers;
   * `signed`: the entity starts with a signature slot for signFollowupEntity to fill.
   */
  followup?: { message: string; signed?: boolean };
  /** The language the form was filled in. */
  locale: string;
  /** Hour the report was sent, already coarsened by the caller ("2026-11-27T20:00Z"). */
  sentHour: string;
  /** Fills the MIME boundary; the browser and the server pass crypto-random bytes. */
  randomBytes: (length: number) => Uint8Array;
}

const CRLF = '\r\n';

/**
 * Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and Communication with PURBs", PETS 2019,
 * §4): a length L is rounded up so that only its top ⌊log₂ ⌊log₂ L⌋⌋ + 1 bits may be non-zero. Overhead is under
 * 12% (at most 2.4% for any report, which is over 1 KB), at most 3.1% from 1 MiB up; an observer learns about log₂ log₂ L bits of the length, and
 * many nearby lengths share one padded length.
 */
export function padmeLength(length: number): number {
  if (length < 2) return length;
  const exponent = Math.floor(Math.log2(length));
  const significant = Math.floor(Math.log2(exponent)) + 1;
  const step = 2 ** (exponent - significant); // the low bits that must be zero
  return Math.ceil(length / step) * step;
}

/** Every way a text can start a new line: CR, LF, NEL, VT, FF, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- VT and FF are line breaks here, on purpose
const lineBreaks = /\r\n|[\r\n\u0085\u000b\u000c\u2028\u2029]/g;

/** A single-line answer or a file name on one line, so it cannot add a line such as "Replies: …". */
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
 * The text the officer reads first. Its own lines ("Replies: …", "Where: …") start at the left margin; whatever a
 * tipster typed is kept on its line or indented under its label, so a report cannot carry a forged line of ours.
 * Only answered questions are listed (every question is optional; a report's bytes should be what the tipster said,
 * not the questions they skipped).
 */
export function summaryText(
  input: Pick<TipEntityInput, 'answers' | 'attachments' | 'replyKey' | 'locale' | 'sentHour' | 'followup'>,
): string {
  const { answers } = input;
  const lines = [
    input.followup
      ? 'Follow-up from the reporter of an earlier report (the same thread in the desk)'
      : 'Anonymous report to the National Task Force against human trafficking',
    input.replyKey
      ? "Replies: the reporter can read replies from the desk (their key is in this message's X-Reply-Key header)."
      : 'Replies: none possible. The report was sent without JavaScript; the reporter can see its status only.',
    `Form language: ${input.locale}`,
    `Sent (to the hour, UTC): ${input.sentHour}`,
    '',
  ];
  if (input.followup) {
    lines.push('Message:', indented(input.followup.message.trim() || '(empty)'), '');
  } else {
    for (const field of choiceFields) {
      const chosen = answers.choices[field.name] ?? [];
      const options = field.options as Record<string, string>;
      const labels = chosen.filter((v) => Object.hasOwn(options, v)).map((v) => options[v]);
      if (labels.length) lines.push(`${field.label}: ${labels.join('; ')}`);
    }
    lines.push('');
    for (const field of textFields) {
      const value = (answers.text[field.name] ?? '').trim();
      if (!value) continue;
      if (field.multiline) lines.push(`${field.label}:`, indented(value), '');
      else lines.push(`${field.label}: ${oneLine(value)}`);
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
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .split('\n')
      .flatMap(shortLines)
      .join(CRLF) + CRLF
  );
}

/** A report entity not yet written: its padded length, and how to write it into a buffer of that length. */
export interface EntityPlan {
  length: number;
  write(target: Uint8Array): void;
}

/** A piece of the entity: bytes as they are, or bytes to write as base64 lines. */
type Piece = { bytes: Uint8Array; base64?: false } | { bytes: Uint8Array; base64: true };

/**
 * Plans the entity so it can be written once, straight into whatever buffer encrypts it (src/tipline/seipd.ts):
 * a 4 MB report is never a string, and its photos are written as base64 only there, not into a buffer of their own.
 */
export function planTipEntity(input: TipEntityInput): EntityPlan {
  const boundary = `tip-${hex(input.randomBytes(12))}`;
  const encoder = new TextEncoder();
  // Written only in its one strict form, so nothing else can ride into the headers with it.
  if (input.replyKey !== null && !parseReplyKey(input.replyKey)) throw new TypeError('not a reply key');
  const replyKeyLine = input.replyKey ? `${replyKeyHeader}: ${input.replyKey}${CRLF}` : '';
  if (input.followupKey && !parseFollowupKey(input.followupKey)) throw new TypeError('not a follow-up key');
  const followupKeyLine = input.followupKey ? `${followupKeyHeader}: ${input.followupKey}${CRLF}` : '';
  const signatureLine = input.followup?.signed ? signatureSlotLine : '';
  const pieces: Piece[] = [
    {
      bytes: encoder.encode(
        signatureLine +
          replyKeyLine +
          followupKeyLine +
          `Content-Type: multipart/mixed; boundary="${boundary}"${CRLF}${CRLF}` +
          `--${boundary}${CRLF}` +
          // The summary as UTF-8 text (8bit: inside the encryption no mail server sees it, and an officer reading
          // the decrypted entity with plain gpg reads the text as typed; quoted-printable tripled every accented
          // letter). shortLines() keeps its lines under MIME's 998-byte limit.
          `Content-Type: text/plain; charset=utf-8${CRLF}` +
          `Content-Transfer-Encoding: 8bit${CRLF}${CRLF}` +
          summaryText(input),
      ),
    },
  ];
  for (const a of input.attachments) {
    const name = safeFilename(a.filename);
    pieces.push(
      {
        bytes: encoder.encode(
          `--${boundary}${CRLF}` +
            `Content-Type: ${a.contentType}; name="${name}"${CRLF}` +
            `Content-Disposition: attachment; filename="${name}"${CRLF}` +
            `Content-Transfer-Encoding: base64${CRLF}${CRLF}`,
        ),
      },
      { bytes: a.bytes, base64: true },
    );
  }
  pieces.push({ bytes: encoder.encode(`--${boundary}--${CRLF}`) });
  const size = (p: Piece) => (p.base64 ? base64LinesLength(p.bytes.length) : p.bytes.length);
  const content = pieces.reduce((n, p) => n + size(p), 0);
  const length = padmeLength(content);
  return {
    length,
    write(target) {
      if (target.length !== length) throw new RangeError('the target is not the planned length');
      let at = 0;
      for (const piece of pieces) {
        if (piece.base64) base64LinesInto(piece.bytes, target, at);
        else target.set(piece.bytes, at);
        at += size(piece);
      }
      fill(target, at);
    },
  };
}

export function buildTipEntity(input: TipEntityInput): Uint8Array {
  const plan = planTipEntity(input);
  const out = new Uint8Array(plan.length);
  plan.write(out);
  return out;
}

/** Pads with an epilogue after the closing boundary, which MIME readers ignore. */
export function pad(entity: Uint8Array): Uint8Array {
  const target = padmeLength(entity.length);
  if (target === entity.length) return entity;
  const out = new Uint8Array(target);
  out.set(entity);
  fill(out, entity.length);
  return out;
}

const filler = new TextEncoder().encode(`${'.'.repeat(74)}${CRLF}`);

/** The epilogue: lines of dots from `at` to the end. */
function fill(out: Uint8Array, at: number): void {
  for (let i = 0; at < out.length; at++, i++) out[at] = filler[i % filler.length]!;
}

const base64Alphabet = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
/** Every 12 bits as their two base64 characters, the first in the low byte (written little-endian). */
const base64Pairs = (() => {
  const pairs = new Uint16Array(4096);
  for (let i = 0; i < 4096; i++) pairs[i] = base64Alphabet[i >> 6]! | (base64Alphabet[i & 63]! << 8);
  return pairs;
})();
/** Bytes of input per 76-character line. */
const lineBytes = 57;

/** The length of `bytes` bytes as base64 in 76-character CRLF-ended lines. */
function base64LinesLength(bytes: number): number {
  const chars = Math.ceil(bytes / 3) * 4;
  return chars + Math.ceil(chars / 76) * 2;
}

/**
 * Base64 in 76-character CRLF-ended lines, written into `out` at `at` (btoa would need a binary string first):
 * whole lines two characters at a time from a table (the report's photos are most of its bytes, and this was
 * half the time of building it), the last line byte by byte.
 */
function base64LinesInto(bytes: Uint8Array, out: Uint8Array, at: number): void {
  const view = new DataView(out.buffer, out.byteOffset);
  const pairs = base64Pairs;
  const whole = Math.floor(bytes.length / lineBytes);
  let o = at;
  for (let line = 0, i = 0; line < whole; line++) {
    for (const end = i + lineBytes; i < end; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      view.setUint16(o, pairs[n >>> 12]!, true);
      view.setUint16(o + 2, pairs[n & 4095]!, true);
      o += 4;
    }
    out[o++] = 13;
    out[o++] = 10;
  }
  const a = base64Alphabet;
  const rest = whole * lineBytes;
  for (let i = rest; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out[o++] = a[b0 >> 2]!;
    out[o++] = a[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    out[o++] = b1 === undefined ? 61 : a[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    out[o++] = b2 === undefined ? 61 : a[b2 & 63]!;
  }
  if (rest < bytes.length) {
    out[o++] = 13;
    out[o] = 10;
  }
}

/** Bytes a line may have in an 8bit MIME part, without its CRLF (RFC 5322 §2.1.1 allows 998). */
export const maxLineBytes = 998;

/**
 * A line of the summary as lines of at most maxLineBytes bytes of UTF-8, cut at a space where there is one (never
 * inside a character). The pieces after the first are indented by two spaces, as a tipster's text is, so a long
 * answer cut in two cannot start a line of the summary's own.
 */
export function shortLines(line: string): string[] {
  const encoder = new TextEncoder();
  const out: string[] = [];
  let rest = line;
  let indent = '';
  while (encoder.encode(indent + rest).length > maxLineBytes) {
    // The longest prefix that fits, in whole characters (UTF-16 pairs kept together).
    let fit = 0;
    let bytes = indent.length;
    for (const char of rest) {
      const size = encoder.encode(char).length;
      if (bytes + size > maxLineBytes) break;
      bytes += size;
      fit += char.length;
    }
    const space = rest.lastIndexOf(' ', fit);
    const cut = space > fit / 2 ? space : fit;
    out.push(indent + rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
    indent = '  ';
  }
  out.push(indent + rest);
  return out;
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
