// The last step of every intake route: a checked ciphertext goes durably into the queue (the outbox the forwarder
// mails from) under the thread's lookup hash, and, when the desk is on, becomes a desk case beside it.
//
// One copy for the desk: the case holds the tip's ciphertext (message 0 of its thread) until its retention ends; the
// queue stays an outbox and deletes its copy once the mail server has it, as before. So the desk never depends on
// the queue's lifetime, and the queue is not turned into a second archive with its own retention to get right.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { deriveLookup, lookupHash } from '../../src/shared/followup/derive.ts';
import { dayOf } from '../desk/day.ts';
import type { DeskStore } from '../desk-ports.ts';
import type { EnvelopeResult } from '../pgp/envelope.ts';
import { jsonError } from './answer.ts';
import type { IntakeDeps } from './intake-deps.ts';

/**
 * The lookup hash of a reference code the server was given (a plain form post, or a page from before follow-up
 * existed): derived by the same module as the browser's, so both paths find the same thread.
 */
export async function codeLookupHash(normalizedCode: string): Promise<string> {
  return lookupHash(await deriveLookup(normalizedCode));
}

/** A new case id: 128 random bits, base64url. */
export function newCaseId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Files the tip as a desk case. A lookup hash already taken is either the same tip sent again (an answer lost on
 * the way back: the browser sends the same ciphertext once more), which is filed already, or another report under
 * the same hash, which no browser sends (each report has a new code): it becomes a case of its own with no thread,
 * never lost. It does not join the thread: the hash is what the server keeps (a leaked database or backup holds
 * it), and adding to a tipster's thread takes the lookup token (POST /api/thread/followups), so the hash alone must
 * not put words in the tipster's name before the officers.
 */
export async function fileCase(store: DeskStore, armored: string, hash: string, now: number): Promise<void> {
  const day = dayOf(now);
  if (await store.createCase({ id: newCaseId(), lookupHash: hash, day, body: armored })) return;
  const existing = await store.caseIdByLookup(hash);
  if (existing !== null && (await store.messages(existing)).some((m) => m.kind === 'tip' && m.body === armored)) return;
  // Another report under a taken hash (or the random id collided, 2^-128): a case of its own, without a thread.
  const lookupHash = existing === null ? hash : null;
  if (await store.createCase({ id: newCaseId(), lookupHash, day, body: armored })) return;
  throw new Error('the desk case could not be created');
}

/**
 * Durably stores a checked ciphertext (the desk case first, then the queue) and resolves once both are on disk (or
 * in Redis); then tries delivery if asked. A failure before the answer is a 500 and the browser sends again, which
 * fileCase recognises.
 */
export async function storeTip(deps: IntakeDeps, armored: string, hash: string): Promise<void> {
  const now = deps.clock.now();
  if (deps.desk) await fileCase(deps.desk, armored, hash, now);
  await enqueueTip(deps, armored, hash);
}

/** Whether anything is mailed: not with TIP_MAIL=off (the desk holds the tip; the config demands the desk then). */
export function mailsTips(deps: IntakeDeps): boolean {
  return deps.config.tipMail !== 'off' || deps.desk === null;
}

/** Durably queues a ciphertext for mail under its thread's lookup hash, then tries delivery if asked. */
export async function enqueueTip(deps: IntakeDeps, armored: string, hash: string): Promise<void> {
  if (!mailsTips(deps)) return;
  const id = randomUUID();
  await deps.queue.enqueue({ id, armored, receiptHash: hash }, deps.clock.now());
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

/** Whom a browser tip belongs to: the lookup hash the browser sent, or (an older page) the code it sent instead. */
export type TipThread = { lookupHash: string } | { receipt: string };

/** The end of every browser path: a refused envelope's error, or the tip durably stored and 202. */
export async function queueChecked(
  c: Context,
  deps: IntakeDeps,
  envelope: EnvelopeResult,
  thread: TipThread,
): Promise<Response> {
  if (!envelope.ok) return jsonError(c, envelope.code);
  if ('lookupHash' in thread) {
    await storeTip(deps, envelope.armored, thread.lookupHash);
    return c.json({ status: 'waiting' }, 202);
  }
  await storeTip(deps, envelope.armored, await codeLookupHash(thread.receipt));
  return c.json({ receipt: thread.receipt, status: 'waiting' }, 202);
}
