// One forwarding pass: moves the due tips from the durable queue to the task force's mailbox:
// claim → PGP/MIME → SMTP → markDelivered. (loop.ts runs passes in the Node server's process.)
//
// At least once, never lost:
// - a tip is claimed with a lease, not removed; only the SMTP server's acceptance (250) leads to markDelivered,
//   which deletes the ciphertext. A crash anywhere before that leaves the tip in the queue and its lease expires;
// - a crash after the 250 but before markDelivered means the tip is sent again, with the same Message-ID
//   (pgp-mime.ts), so the officers' mail clients see a duplicate of the same message, not a new tip;
// - transient failures (4xx, connection trouble) retry with exponential backoff and jitter; a permanent rejection
//   (5xx for this message) or too many failures moves the tip to the dead-letter state, kept for an operator.
//
// Timing privacy: an optional random delay (TIP_SEND_DELAY_MAX) before a tip's first send, so the mail's arrival
// time says less about when the tipster pressed "send". The delay is spent while the tip is LEASED and still in the
// queue: the claim's lease covers the longest delay plus the send, so a crash or shutdown during the delay only
// means the lease runs out and the tip is claimed again; nothing is held only in memory.
import { buildNotificationMessage, buildPgpMimeMessage } from '../mail/pgp-mime.ts';
import type { ClaimedTip, Clock, Mailer, TipQueue } from '../ports.ts';
import { whyUndeliverable } from './misaddressed.ts';
import type { RecipientSet } from '../pgp/recipients.ts';
import { failureReason } from '../queue/failure-reason.ts';

export interface ForwardOptions {
  queue: TipQueue;
  mailer: Mailer;
  clock: Clock;
  /** Where mail goes, and what it carries: the encrypted report ("full") or a notification without content. */
  mail: { from: string; to: string[]; mode?: 'full' | 'notify' };
  /**
   * The configured task force keys' recipients: a tip not sealed to exactly them is never mailed (nobody could read
   * it); it becomes an undeliverable dead letter (misaddressed.ts). Asked once per pass.
   */
  recipients: () => Promise<RecipientSet>;
  /** How long a claimed tip is reserved for one send (not counting the random delay, which is added). */
  leaseMs?: number;
  /** [0, 1) source for backoff jitter and the send delay; Math.random is fine (nothing secret depends on it). */
  random?: () => number;
  /** Largest random delay before a tip's first send, in milliseconds (TIP_SEND_DELAY_MAX × 1000). 0: none. */
  sendDelayMaxMs?: number;
  /** Failed sends after which a tip becomes a dead letter. */
  maxAttempts?: number;
  /** Tips claimed at once. */
  batchSize?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Stops the pass between tips (a send already started is finished). Tips not sent stay leased, then due again. */
  signal?: AbortSignal;
  /** Receives one line per failure; never tip content. */
  log?: (line: string) => void;
}

export interface ForwardResult {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
  /** Not sealed to the configured keys (or not a tip at all): dead letters whose codes say "undeliverable". */
  undeliverable: number;
  /** Accepted by SMTP but not marked delivered (queue error): will be sent again, as a duplicate. */
  unconfirmed: number;
}

export const defaultLeaseMs = 5 * 60_000;
const defaultMaxAttempts = 10;
/** A send is started only if this much of its lease is left (longer than nodemailer's timeouts, smtp.ts). */
const leaseMarginMs = 2 * 60_000;
const backoffBaseMs = 30_000;
const backoffCapMs = 6 * 3_600_000;

/** Delay before the next attempt after `failures` failed sends: min(30 s·2^(n−1), 6 h), ±25 % jitter. */
export function retryDelayMs(failures: number, random: () => number): number {
  const exponent = Math.max(0, failures - 1);
  const base = Math.min(backoffBaseMs * 2 ** Math.min(exponent, 30), backoffCapMs);
  return Math.round(base * (0.75 + 0.5 * random()));
}

/** One pass: every tip that is due now is tried once. */
export async function forwardDueTips(options: ForwardOptions): Promise<ForwardResult> {
  const { queue, mailer, clock, mail, signal } = options;
  const random = options.random ?? Math.random;
  const delayMaxMs = Math.max(0, options.sendDelayMaxMs ?? 0);
  const leaseMs = (options.leaseMs ?? defaultLeaseMs) + delayMaxMs;
  const margin = Math.min(leaseMarginMs, (options.leaseMs ?? defaultLeaseMs) / 2);
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  const batchSize = options.batchSize ?? 10;
  const sleep = options.sleep ?? abortableSleep;
  const log = options.log ?? ((line: string) => console.error(line));
  const result: ForwardResult = { claimed: 0, delivered: 0, retried: 0, dead: 0, undeliverable: 0, unconfirmed: 0 };
  if (mail.to.length === 0) throw new Error('No TIP_MAIL_TO address: nothing can be forwarded');
  const recipients = await options.recipients();

  // One SMTP conversation at a time; the delays run side by side, so a batch does not add them up.
  let sending: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const run = sending.then(task, task);
    sending = run.catch(() => undefined);
    return run;
  };

  const forwardOne = async (tip: ClaimedTip, leasedUntil: number): Promise<void> => {
    const undeliverable = whyUndeliverable(tip.armored, recipients);
    if (undeliverable !== null) {
      await queue.markUndeliverable(tip.id, undeliverable, clock.now());
      result.undeliverable++;
      log(`tip forwarding: a tip is not mailed and is now a dead letter (${undeliverable}); its code says so`);
      return;
    }
    if (delayMaxMs > 0 && tip.attempts === 0) {
      try {
        await sleep(Math.floor(random() * delayMaxMs), signal);
      } catch {
        return; // aborted: the tip stays queued and leased; it is due again when the lease ends
      }
    }
    if (signal?.aborted) return;
    await serialized(async () => {
      // Waiting behind slow sends can eat the lease; past it another worker may already own the tip. Skip it then:
      // it is due again, so nothing is lost, and two workers never send it at the same time.
      if (clock.now() > leasedUntil - margin) return;
      if (signal?.aborted) return; // stopped (or out of time budget) while waiting for the previous send
      let raw: string;
      try {
        const message = { tipId: tip.id, from: mail.from, to: mail.to, now: clock.now() };
        raw =
          mail.mode === 'notify'
            ? await buildNotificationMessage(message)
            : await buildPgpMimeMessage({ ...message, armored: tip.armored });
      } catch (error) {
        // Only a corrupt payload gets here (the intake checked it); retrying would not change it.
        await queue.markUndeliverable(
          tip.id,
          `undeliverable: cannot be built into a mail: ${reasonOf(error)}`,
          clock.now(),
        );
        result.undeliverable++;
        log(`tip forwarding: a tip could not be built into a mail and is now a dead letter (${reasonOf(error)})`);
        return;
      }
      try {
        await mailer.send({ from: mail.from, to: mail.to, raw });
      } catch (error) {
        await recordFailure(tip, error);
        return;
      }
      try {
        await queue.markDelivered(tip.id, clock.now());
        result.delivered++;
      } catch (error) {
        // The mail is out; the queue did not record it. The lease will expire and the same message (same
        // Message-ID) goes out again: a duplicate is acceptable, a lost tip is not.
        result.unconfirmed++;
        log(`tip forwarding: sent but not marked delivered, it will be sent again (${reasonOf(error)})`);
      }
    });
  };

  const recordFailure = async (tip: ClaimedTip, error: unknown): Promise<void> => {
    const failures = tip.attempts + 1;
    const permanent = (error as { permanent?: unknown })?.permanent === true;
    const reason = reasonOf(error);
    if (permanent || failures >= maxAttempts) {
      await queue.markDead(tip.id, `${permanent ? 'permanent' : `gave up after ${failures} attempts`}: ${reason}`);
      result.dead++;
      log(
        `tip forwarding: a tip is now a dead letter (${permanent ? 'permanent failure' : `${failures} attempts`}): ${reason}`,
      );
      return;
    }
    await queue.markRetry(tip.id, clock.now() + retryDelayMs(failures, random), reason);
    result.retried++;
    log(`tip forwarding: attempt ${failures} failed, will retry: ${reason}`);
  };

  for (;;) {
    if (signal?.aborted) break;
    const claimedAt = clock.now();
    const tips = await queue.claim(claimedAt, leaseMs, batchSize);
    result.claimed += tips.length;
    await Promise.all(tips.map((tip) => forwardOne(tip, claimedAt + leaseMs)));
    if (tips.length < batchSize) break;
  }
  return result;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A short, content-free reason for the queue and the log. */
export function reasonOf(error: unknown): string {
  return failureReason(error instanceof Error ? error.message : String(error));
}
