// Tips that can never be delivered because they are not sealed to the configured task force keys: typically the
// tips sent while the server ran with its demo key, still queued when real keys and SMTP were configured. Mailed,
// they would reach the task force undecryptable ("No secret key") while the tipster's page said "delivered". They
// are kept out of the mail instead: each becomes a dead letter with a reason `npm run queue -- list` shows, and its
// code says "undeliverable", so the tipster knows to report again. The forwarder checks every tip before sending
// it; the Node server also checks the whole queue at start, and says how many it found.
import type { TipQueue } from '../ports.ts';
import { checkStoredRecipients, type EnvelopeFailure } from '../pgp/envelope.ts';
import type { RecipientSet } from '../pgp/recipients.ts';

/** The dead-letter reason for a tip that cannot be delivered (content-free: it names no key and no tip). */
function undeliverableReason(failure: EnvelopeFailure): string {
  return failure.code === 'envelope.recipients' || failure.code === 'keys.changed'
    ? 'undeliverable: not sealed to the configured task force keys (a demo key, or keys replaced since)'
    : 'undeliverable: not a well-formed encrypted tip';
}

/** Why this stored tip cannot be delivered to these keys, or null when it can. */
export function whyUndeliverable(armored: string, recipients: RecipientSet): string | null {
  const failure = checkStoredRecipients(armored, recipients);
  return failure ? undeliverableReason(failure) : null;
}

/** Checks every pending tip; the undeliverable ones become dead letters. Returns how many did. */
export async function quarantineUndeliverable(queue: TipQueue, recipients: RecipientSet, now: number): Promise<number> {
  let moved = 0;
  let cursor: string | null = null;
  do {
    const page = await queue.pendingTips(cursor, 100);
    for (const tip of page.tips) {
      const reason = whyUndeliverable(tip.armored, recipients);
      if (reason === null) continue;
      await queue.markUndeliverable(tip.id, reason, now);
      moved++;
    }
    cursor = page.next;
  } while (cursor !== null);
  return moved;
}
