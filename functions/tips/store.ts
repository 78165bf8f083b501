// The last step of every intake route: a checked ciphertext goes durably into the queue under its code's hash.
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { EnvelopeResult } from '../pgp/envelope.ts';
import { jsonError } from './answer.ts';
import type { IntakeDeps } from './intake-deps.ts';

/** SHA-256 of the normalized reference code: all the server keeps of it. */
export function receiptHash(normalizedCode: string): string {
  return createHash('sha256').update(normalizedCode).digest('hex');
}

/** Durably queues a checked ciphertext; resolves once it is on disk (or in Redis), then tries delivery if asked. */
export async function storeTip(deps: IntakeDeps, armored: string, normalizedCode: string): Promise<void> {
  const id = randomUUID();
  await deps.queue.enqueue({ id, armored, receiptHash: receiptHash(normalizedCode) }, deps.clock.now());
  if (deps.afterEnqueue) {
    try {
      await deps.afterEnqueue(id);
    } catch (error) {
      // The tip is safe in the queue; the forwarder will get it. Log the kind of failure only.
      console.error(
        `[tipline] immediate delivery attempt failed, the tip stays queued (${(error as Error)?.name ?? 'error'})`,
      );
    }
  }
}

/** The end of every browser path: a refused envelope's error, or the tip durably queued and 202. */
export async function queueChecked(
  c: Context,
  deps: IntakeDeps,
  envelope: EnvelopeResult,
  code: string,
): Promise<Response> {
  if (!envelope.ok) return jsonError(c, envelope.code);
  await storeTip(deps, envelope.armored, code);
  return c.json({ receipt: code, status: 'waiting' }, 202);
}
