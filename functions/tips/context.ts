// What the tip routes are built from (createApp injects it), and the small helpers they share.
import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import type { Context } from 'hono';
import type { Config } from '../config.ts';
import type { TaskForceKeys } from '../keys.ts';
import { clientKey } from '../limiter/client-key.ts';
import type { InFlight } from '../http/in-flight.ts';
import type { Clock, RateLimiter, TipQueue, UploadStaging } from '../ports.ts';
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
  /** Large request bodies being read and checked right now (http/in-flight.ts). */
  inFlight: InFlight;
  /** Called for each request refused for want of a client address (limiter/no-address.ts). */
  noAddress: () => void;
  /** Seals the no-JS "sent" page's address, which carries the reference code (tips/sent-page.ts). */
  sentPageKey: KeyObject;
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

/** The request's rate-limit key (a keyed hash of its network, never the address), or null when it has none. */
export function clientKeyOf(c: Context, deps: IntakeDeps): string | null {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
  return clientKey(
    deps.config.trustedClientIp,
    { header: (name) => c.req.header(name), socketAddress: socket?.remoteAddress },
    deps.config.rateLimitSecret,
    deps.clock.now(),
  );
}

export type Admission =
  | { ok: true }
  | { ok: false; code: 'rate.limited'; retryAfter: number }
  /** No client address: refused, never counted in a bucket shared with every other such request. */
  | { ok: false; code: 'server.unavailable' };

/** The rate limit's decision for this request's network; decided from the address alone, before any body. */
export async function rateLimit(c: Context, deps: IntakeDeps): Promise<Admission> {
  const key = clientKeyOf(c, deps);
  if (key === null) {
    deps.noAddress();
    return { ok: false, code: 'server.unavailable' };
  }
  const rate = await deps.limiter.limit(key);
  return rate.allowed ? { ok: true } : { ok: false, code: 'rate.limited', retryAfter: rate.retryAfter };
}
