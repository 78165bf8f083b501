// What the tip routes are built from (createApp injects it), and the small helpers they share.
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { Config } from '../config.ts';
import type { TaskForceKeys } from '../keys.ts';
import { clientKey } from '../limiter/client-key.ts';
import type { Clock, RateLimiter, RateLimitResult, TipQueue, UploadStaging } from '../ports.ts';
import type { RecipientSet } from './envelope.ts';
import type { ProofOfWork } from './pow.ts';

export interface IntakeDeps {
  config: Config;
  queue: TipQueue;
  /** Parts of reports too large for one request, until their last request (tips/uploads.ts). */
  staging: UploadStaging;
  limiter: RateLimiter;
  pow: ProofOfWork;
  keys: TaskForceKeys;
  /** The keys' valid encryption subkeys, recomputed now and then (a subkey can expire while the server runs). */
  recipients: () => Promise<RecipientSet>;
  clock: Clock;
  afterEnqueue?: (id: string) => Promise<void> | void;
}

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
      console.error(`[tipline] immediate delivery attempt failed, the tip stays queued (${(error as Error)?.name ?? 'error'})`);
    }
  }
}

export function rateLimit(c: Context, deps: IntakeDeps): Promise<RateLimitResult> {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
  const key = clientKey(
    deps.config.trustedClientIp,
    { header: (name) => c.req.header(name), socketAddress: socket?.remoteAddress },
    deps.config.rateLimitSecret,
    deps.clock.now(),
  );
  return deps.limiter.limit(key);
}
