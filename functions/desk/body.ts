// A desk request's JSON object, read under its route's cap (http/body.ts). A body over the cap must get the same
// 413 whether its length was declared (the desk app refuses that before any read) or it came chunked and crossed the
// cap while being read; every route treats "no usable body" as desk.invalid in one line, so the too-large case is
// thrown as Hono's HTTPException(413), which the desk app answers as desk.too-large.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { readJsonObject } from '../http/body.ts';

/** The body as a JSON object, null when it is not one (or broke off); throws HTTPException(413) past maxBytes. */
export async function readDeskJson(c: Context, maxBytes: number): Promise<Record<string, unknown> | null> {
  const read = await readJsonObject(c, maxBytes);
  if (read.ok) return read.value;
  if (read.error === 'too-large') throw new HTTPException(413);
  return null;
}
