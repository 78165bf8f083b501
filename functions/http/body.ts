// Reading a request body with a hard cap, only when a route decides to (after its rate limit, for the no-JS form).
//
// Why not hono/body-limit: for a chunked body it reads the whole body inside the middleware, before the route has
// said whether this client may send anything at all, and a client that aborts mid-body makes its stream read throw
// into the app's error handler, where it was logged as a server failure. Here the declared Content-Length is checked
// up front (a 413 without reading a byte), the stream is read only when the route asks, counted as it arrives and
// cancelled the moment it passes the cap, and a body that breaks off is the client's doing: a 400, not a log line.
import type { Context, MiddlewareHandler } from 'hono';

export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false; error: 'too-large' | 'aborted' };

/** The Content-Length the client declared, or null when there is none (a chunked body) or it is not a number. */
export function declaredLength(c: Context): number | null {
  const header = c.req.header('content-length');
  if (header === undefined || c.req.header('transfer-encoding') !== undefined) return null;
  return /^\d{1,15}$/.test(header) ? Number(header) : null;
}

/** Refuses a request whose declared length is over the cap, before anything reads its body. */
export function declaredBodyLimit(maxBytes: number, onTooLarge: (c: Context) => Response): MiddlewareHandler {
  return async (c, next) => {
    const length = declaredLength(c);
    if (length !== null && length > maxBytes) return onTooLarge(c);
    await next();
  };
}

/** The whole body, at most maxBytes: read as it arrives into one buffer that grows by doubling. */
export async function readBody(c: Context, maxBytes: number): Promise<BodyRead> {
  const stream = c.req.raw.body;
  if (!stream) return { ok: true, bytes: new Uint8Array() };
  const declared = declaredLength(c);
  if (declared !== null && declared > maxBytes) return { ok: false, error: 'too-large' };
  const reader = stream.getReader();
  let buffer = new Uint8Array(Math.min(maxBytes, declared ?? 64 * 1024));
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.length > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, error: 'too-large' };
      }
      if (size + value.length > buffer.length) {
        const grown = new Uint8Array(Math.min(maxBytes, Math.max(size + value.length, buffer.length * 2)));
        grown.set(buffer.subarray(0, size));
        buffer = grown;
      }
      buffer.set(value, size);
      size += value.length;
    }
  } catch {
    // The stream broke off: the client went away or sent a broken body. Nothing of ours failed.
    return { ok: false, error: 'aborted' };
  }
  return { ok: true, bytes: buffer.subarray(0, size) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type JsonRead = { ok: true; value: Record<string, unknown> } | { ok: false; error: 'too-large' | 'invalid' };

/** A JSON object body (anything else, invalid UTF-8 or a broken stream is 'invalid'). */
export async function readJsonObject(c: Context, maxBytes: number): Promise<JsonRead> {
  const body = await readBody(c, maxBytes);
  if (!body.ok) return { ok: false, error: body.error === 'too-large' ? 'too-large' : 'invalid' };
  try {
    const value: unknown = JSON.parse(utf8.decode(body.bytes));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return { ok: true, value: value as Record<string, unknown> };
  } catch {
    // not UTF-8, or not JSON
  }
  return { ok: false, error: 'invalid' };
}
