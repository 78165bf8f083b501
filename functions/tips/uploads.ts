// A report too large for one request, sent in parts (the browser does this whenever the binary ciphertext is longer
// than tipLimits.uploadPartBytes, on every platform, so the same path runs on Node and serverless):
//
//   POST /api/tips/uploads                     {"altcha", "parts", "bytes"}  → 201 {"upload", "parts", "partBytes"}
//   PUT  /api/tips/uploads/:upload/parts/:i    application/octet-stream: bytes of part i of the ciphertext → 204
//   POST /api/tips/uploads/:upload/complete    {"lookupHash"} → 202 {"status": "waiting"}, as POST /api/tips (an
//                                              older page sends {"receipt"} and gets it back, as before)
//
// Opening costs what a single tip costs: one proof of work and one unit of the rate limit (parts and completion
// cost nothing more; without the upload id, 128 random bits, nobody can add to an upload). Every part but the last
// is exactly partBytes long and the last holds the rest, so the plan fixes every part's length. Re-sending a part
// replaces it (a retry after a network error is harmless), up to serverLimits.partWrites times per part: each
// store is a durable write, and one proof of work must not buy unlimited ones. A part is staged as base64 text (the
// staging stores keep text); every part but the last is a multiple of 3 bytes long, so the parts' base64 joins into
// the message's. Completion assembles the parts, deletes them, and runs
// the same envelope check and durable enqueue as a single tip; an upload never completed expires with its parts.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { tipLimits } from '../../src/shared/tip-fields.ts';
import { readBody } from '../http/body.ts';
import { serverLimits } from '../http/limits.ts';
import { admitReport } from './admission.ts';
import { jsonError, parseTipThread, readJsonBody } from './answer.ts';
import { checkBinaryEnvelope } from '../pgp/envelope.ts';
import { errorBody, errorCodes } from './errors.ts';
import type { IntakeDeps } from './intake-deps.ts';
import { queueChecked } from './store.ts';

const uploadIdPattern = /^[A-Za-z0-9_-]{22}$/;
const maxParts = Math.ceil(tipLimits.maxRequestBytes / tipLimits.uploadPartBytes);

/** 16 random bytes as base64url (22 characters). */
export function newUploadId(): string {
  return randomBytes(16).toString('base64url');
}

/** The length every part of a plan must have. */
export function partLength(bytes: number, parts: number, index: number): number {
  return index < parts - 1 ? tipLimits.uploadPartBytes : bytes - (parts - 1) * tipLimits.uploadPartBytes;
}

export async function handleOpenUpload(c: Context, deps: IntakeDeps): Promise<Response> {
  const body = await readJsonBody(c, serverLimits.smallBodyBytes);
  if (body instanceof Response) return body;
  const { altcha, parts, bytes } = body;
  if (!Number.isSafeInteger(parts) || !Number.isSafeInteger(bytes)) return jsonError(c, 'body.invalid');
  const plan = { parts: parts as number, bytes: bytes as number };
  if (plan.bytes > tipLimits.maxRequestBytes) return jsonError(c, 'body.too-large');
  // The plan must be the one the part size gives: then every part's length is fixed by it.
  if (
    plan.bytes < 1 ||
    plan.parts < 1 ||
    plan.parts > maxParts ||
    plan.parts !== Math.ceil(plan.bytes / tipLimits.uploadPartBytes)
  ) {
    return jsonError(c, 'upload.part-invalid');
  }

  const refused = await admitReport(c, deps, altcha);
  if (refused) return refused;

  const upload = newUploadId();
  await deps.staging.open(upload, plan, deps.clock.now());
  return c.json({ upload, parts: plan.parts, partBytes: tipLimits.uploadPartBytes }, 201);
}

export async function handlePutPart(c: Context, deps: IntakeDeps): Promise<Response> {
  const upload = c.req.param('upload') ?? '';
  const indexText = c.req.param('index') ?? '';
  if (!uploadIdPattern.test(upload)) return jsonError(c, 'upload.unknown');
  const plan = await deps.staging.plan(upload, deps.clock.now());
  if (!plan) return jsonError(c, 'upload.unknown');
  const index = /^(?:0|[1-9]\d{0,2})$/.test(indexText) ? Number(indexText) : -1; // one spelling per part
  if (index < 0 || index >= plan.parts) return jsonError(c, 'upload.part-invalid');

  if ((c.req.header('content-type') ?? '').toLowerCase() !== 'application/octet-stream')
    return jsonError(c, 'body.invalid');
  const body = await readBody(c, tipLimits.maxPartRequestBytes);
  if (!body.ok) return jsonError(c, body.error === 'too-large' ? 'body.too-large' : 'body.invalid');
  if (body.bytes.length !== partLength(plan.bytes, plan.parts, index)) return jsonError(c, 'upload.part-invalid');
  const data = Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength).toString('base64');

  const stored = await deps.staging.putPart(upload, index, data, deps.clock.now());
  if (stored === 'unknown') return jsonError(c, 'upload.unknown'); // expired since the plan was read
  if (stored === 'out-of-range') return jsonError(c, 'upload.part-invalid');
  if (stored === 'too-many-writes') return jsonError(c, 'upload.part-resent');
  return c.body(null, 204);
}

export async function handleCompleteUpload(c: Context, deps: IntakeDeps): Promise<Response> {
  const upload = c.req.param('upload') ?? '';
  if (!uploadIdPattern.test(upload)) return jsonError(c, 'upload.unknown');
  const body = await readJsonBody(c, serverLimits.smallBodyBytes);
  if (body instanceof Response) return body;
  if (typeof body.lookupHash !== 'string' && typeof body.receipt !== 'string') return jsonError(c, 'body.invalid');
  // Checked before the parts are taken: a bad hash or code leaves the upload as it was.
  const thread = parseTipThread(body.lookupHash, body.receipt);
  if (!thread) return jsonError(c, 'receipt.invalid');

  const taken = await deps.staging.take(upload, deps.clock.now());
  if (taken.status === 'unknown') return jsonError(c, 'upload.unknown');
  if (taken.status === 'incomplete') {
    // Which parts to send again; the upload stays open until it expires.
    return c.json(
      { ...errorBody('upload.incomplete'), missing: taken.missing },
      errorCodes['upload.incomplete'].status,
    );
  }

  // From here on the parts are gone from staging, whatever the outcome: a refused report is not kept.
  const binary = Buffer.from(taken.base64, 'base64');
  return queueChecked(
    c,
    deps,
    await checkBinaryEnvelope(binary, await deps.recipients(), tipLimits.maxRequestBytes),
    thread,
  );
}
